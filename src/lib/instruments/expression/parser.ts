/**
 * Recursive-descent parser for instrument expressions.
 * Precedence, loosest first: `or`, `and`, `not`, comparison (non-associative).
 */
import { ExpressionError, tokenize, type CompareOp, type Token } from './lexer';

export type FunctionName = 'selected' | 'count-selected' | 'answered';

/** A parsed expression. `column` is the 1-based source column (of the operator for binary nodes). */
export type Expr =
	| { kind: 'ref'; key: string; column: number }
	| { kind: 'number'; value: number; column: number }
	| { kind: 'string'; value: string; column: number }
	| { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; column: number }
	| { kind: 'and' | 'or'; left: Expr; right: Expr; column: number }
	| { kind: 'not'; operand: Expr; column: number }
	| { kind: 'call'; name: FunctionName; args: Expr[]; column: number };

const FUNCTIONS: readonly string[] = ['selected', 'count-selected', 'answered'];
const KEYWORDS: readonly string[] = ['and', 'or', 'not'];
const COMPARE_OPS: readonly string[] = ['=', '!=', '<', '<=', '>', '>='];
// Deep enough for any real skip rule; stops a hostile source from overflowing the stack.
const MAX_NESTING = 64;

/** Nodes that yield true/false rather than a value; they cannot be compared. */
export function isCondition(expr: Expr): boolean {
	if (expr.kind === 'call') return expr.name !== 'count-selected';
	return expr.kind !== 'ref' && expr.kind !== 'number' && expr.kind !== 'string';
}

function describe(token: Token): string {
	if (token.kind === 'end') return 'end of expression';
	if (token.kind === 'symbol') return `'${token.text}'`;
	return `${token.kind === 'ref' ? 'item' : token.kind} ${token.text}`;
}

/**
 * Parses `source` into a tree.
 * @throws ExpressionError whose message starts with `column N: ` and says what was expected and found.
 */
export function parseExpression(source: string): Expr {
	const tokens = tokenize(source);
	const end: Token = { kind: 'end', column: source.length + 1, text: '' };
	let position = 0;
	let nesting = 0;

	const peek = (offset = 0): Token => tokens[position + offset] ?? end;
	const next = (): Token => tokens[position++] ?? end;
	const isSymbol = (token: Token, text: string) => token.kind === 'symbol' && token.text === text;
	const fail = (token: Token, expected: string): never => {
		throw new ExpressionError(token.column, `expected ${expected} but found ${describe(token)}`);
	};
	const expect = (text: string, expected = `'${text}'`): void => {
		if (!isSymbol(peek(), text)) fail(peek(), expected);
		next();
	};

	const parseBinary = (kind: 'and' | 'or', parseOperand: () => Expr): Expr => {
		let left = parseOperand();
		while (isSymbol(peek(), kind)) {
			const { column } = next();
			left = { kind, left, right: parseOperand(), column };
		}
		return left;
	};
	const parseOr = (): Expr => parseBinary('or', parseAnd);
	const parseAnd = (): Expr => parseBinary('and', parseNot);

	const parseNot = (): Expr => {
		if (++nesting > MAX_NESTING) throw new ExpressionError(peek().column, 'expression nested too deeply');
		let expr: Expr;
		if (isSymbol(peek(), 'not')) {
			const { column } = next();
			expr = { kind: 'not', operand: parseNot(), column };
		} else {
			expr = parseComparison();
		}
		nesting--;
		return expr;
	};

	const parseComparison = (): Expr => {
		const left = parsePrimary();
		const operator = peek();
		if (operator.kind !== 'symbol' || !COMPARE_OPS.includes(operator.text)) return left;
		next();
		const right = parsePrimary();
		const op = operator.text as CompareOp;
		if (isCondition(left) || isCondition(right)) {
			throw new ExpressionError(operator.column, `'${op}' compares values, not conditions`);
		}
		const after = peek();
		if (after.kind === 'symbol' && COMPARE_OPS.includes(after.text)) {
			throw new ExpressionError(after.column, "comparisons cannot be chained; join them with 'and'");
		}
		return { kind: 'compare', op, left, right, column: operator.column };
	};

	const parsePrimary = (): Expr => {
		const token = next();
		switch (token.kind) {
			case 'ref':
				return { kind: 'ref', key: token.key, column: token.column };
			case 'number':
				return { kind: 'number', value: token.value, column: token.column };
			case 'string':
				return { kind: 'string', value: token.value, column: token.column };
			case 'symbol':
				if (token.text === '(') {
					const inner = parseOr();
					expect(')');
					return inner;
				}
				if (isSymbol(peek(), '(') && /^[a-z]/i.test(token.text) && !KEYWORDS.includes(token.text)) {
					return parseCall(token);
				}
				if (FUNCTIONS.includes(token.text)) fail(peek(), `'(' after '${token.text}'`);
		}
		return fail(token, 'a value');
	};

	const parseCall = (token: Token): Expr => {
		if (!FUNCTIONS.includes(token.text)) {
			throw new ExpressionError(token.column, `unknown function '${token.text}'`);
		}
		next();
		const args: Expr[] = [];
		if (!isSymbol(peek(), ')')) {
			args.push(parseOr());
			while (isSymbol(peek(), ',')) {
				next();
				args.push(parseOr());
			}
		}
		expect(')', "',' or ')'");
		return { kind: 'call', name: token.text as FunctionName, args, column: token.column };
	};

	if (peek().kind === 'end') throw new ExpressionError(1, 'empty expression');
	const expr = parseOr();
	if (peek().kind !== 'end') fail(peek(), 'end of expression');
	return expr;
}
