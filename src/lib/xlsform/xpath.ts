/**
 * The part of XPath that XLSForm `relevant`, `constraint`, `required` and `calculation` columns use
 * and that Anju can express: `${name}`, `.`, numbers, strings, `= != < <= > >=`, `and`, `or` and
 * function calls. Anything else — arithmetic, paths, predicates — is refused with a message saying
 * what, so an unsupported rule is reported rather than half-translated.
 */

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type XNode =
	| { kind: 'ref'; name: string }
	| { kind: 'self' }
	| { kind: 'number'; value: number }
	| { kind: 'string'; value: string }
	| { kind: 'and' | 'or'; left: XNode; right: XNode }
	| { kind: 'compare'; op: CompareOp; left: XNode; right: XNode }
	| { kind: 'call'; name: string; args: XNode[] };

/** An expression Anju cannot take; the message says what and where (1-based column). */
export class XPathError extends Error {}

type Token =
	| { kind: 'ref'; name: string; at: number }
	| { kind: 'number'; value: number; at: number }
	| { kind: 'string'; value: string; at: number }
	| { kind: 'name'; text: string; at: number }
	| { kind: 'op'; text: string; at: number }
	| { kind: 'end'; at: number };

const NAME = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)/y;
const OPERATOR = /!=|<=|>=|\.\.|[=<>(),+\-*|/[\]@.$]/y;

const ARITHMETIC: Record<string, string> = { '+': '+', '-': '-', '*': '*', div: 'div', mod: 'mod', '|': '|' };

function fail(at: number, message: string): never {
	throw new XPathError(`column ${at + 1}: ${message}`);
}

function tokenize(source: string): Token[] {
	const tokens: Token[] = [];
	let at = 0;
	const match = (pattern: RegExp): string | undefined => {
		pattern.lastIndex = at;
		return pattern.exec(source)?.[0];
	};
	while (at < source.length) {
		const char = source.charAt(at);
		if (/\s/.test(char)) {
			at++;
			continue;
		}
		let text: string | undefined;
		if (char === '$' && source[at + 1] === '{') {
			const close = source.indexOf('}', at);
			if (close < 0) fail(at, "'${' without a closing '}'");
			tokens.push({ kind: 'ref', name: source.slice(at + 2, close).trim(), at });
			at = close + 1;
		} else if (char === "'" || char === '"') {
			const close = source.indexOf(char, at + 1);
			if (close < 0) fail(at, 'a string without its closing quote');
			tokens.push({ kind: 'string', value: source.slice(at + 1, close), at });
			at = close + 1;
		} else if ((text = match(NUMBER))) {
			tokens.push({ kind: 'number', value: Number(text), at });
			at += text.length;
		} else if ((text = match(NAME))) {
			tokens.push({ kind: 'name', text, at });
			at += text.length;
		} else if ((text = match(OPERATOR))) {
			tokens.push({ kind: 'op', text, at });
			at += text.length;
		} else {
			fail(at, `unexpected character '${char}'`);
		}
	}
	tokens.push({ kind: 'end', at: source.length });
	return tokens;
}

/** Parses an XLSForm expression; throws XPathError for anything outside the supported part. */
export function parseXPath(source: string): XNode {
	const tokens = tokenize(source);
	let position = 0;
	const peek = (): Token => tokens[position] as Token;
	const next = (): Token => tokens[position++] as Token;
	const isOp = (token: Token, ...texts: string[]) => token.kind === 'op' && texts.includes(token.text);
	const isWord = (token: Token, word: string) => token.kind === 'name' && token.text === word;

	const refuseArithmetic = (token: Token): void => {
		const text = token.kind === 'op' || token.kind === 'name' ? token.text : '';
		if (Object.hasOwn(ARITHMETIC, text)) {
			const what = text === '|' ? "node-set union ('|')" : `arithmetic ('${text}')`;
			fail(token.at, `${what} is not in Anju's expression language`);
		}
	};

	const binary = (kind: 'and' | 'or', operand: () => XNode): XNode => {
		let left = operand();
		while (isWord(peek(), kind)) {
			next();
			left = { kind, left, right: operand() };
		}
		return left;
	};
	const parseOr = (): XNode => binary('or', parseAnd);
	const parseAnd = (): XNode => binary('and', parseComparison);

	const parseComparison = (): XNode => {
		let left = parseValue();
		while (isOp(peek(), '=', '!=', '<', '<=', '>', '>=')) {
			const op = (next() as { text: string }).text as CompareOp;
			left = { kind: 'compare', op, left, right: parseValue() };
		}
		return left;
	};

	const parseValue = (): XNode => {
		const node = parsePrimary();
		refuseArithmetic(peek());
		if (isOp(peek(), '[')) fail(peek().at, "predicates ('[…]') are not in Anju's expression language");
		if (isOp(peek(), '/')) fail(peek().at, "paths ('/') are not in Anju's expression language; refer to questions as ${name}");
		return node;
	};

	const parsePrimary = (): XNode => {
		const token = next();
		switch (token.kind) {
			case 'ref':
				return { kind: 'ref', name: token.name };
			case 'number':
				return { kind: 'number', value: token.value };
			case 'string':
				return { kind: 'string', value: token.value };
			case 'end':
				return fail(token.at, 'the expression ends where a value was expected');
			case 'op':
				if (token.text === '(') {
					const inner = parseOr();
					const close = next();
					if (!isOp(close, ')')) fail(close.at, close.kind === 'end' ? "missing ')'" : "expected ')'");
					return inner;
				}
				if (token.text === '.') return { kind: 'self' };
				if (token.text === '-' && peek().kind === 'number') return { kind: 'number', value: -(next() as { value: number }).value };
				if (token.text === '..' || token.text === '/' || token.text === '@')
					return fail(token.at, `paths ('${token.text}') are not in Anju's expression language; refer to questions as \${name}`);
				if (token.text === '$') return fail(token.at, "expected '{' after '$'");
				refuseArithmetic(token);
				return fail(token.at, `unexpected '${token.text}'`);
			case 'name':
				if (isOp(peek(), '(')) return parseCall(token.text);
				refuseArithmetic(token);
				return fail(token.at, `'${token.text}' is a path, not a value; refer to questions as \${name}`);
		}
	};

	const parseCall = (name: string): XNode => {
		next();
		const args: XNode[] = [];
		if (!isOp(peek(), ')')) {
			args.push(parseOr());
			while (isOp(peek(), ',')) {
				next();
				args.push(parseOr());
			}
		}
		const close = next();
		if (!isOp(close, ')'))
			fail(close.at, close.kind === 'end' ? `missing ')' after the arguments of ${name}()` : `expected ',' or ')' in ${name}()`);
		return { kind: 'call', name, args };
	};

	if (peek().kind === 'end') fail(0, 'empty expression');
	const node = parseOr();
	const rest = peek();
	if (rest.kind !== 'end') {
		refuseArithmetic(rest);
		fail(rest.at, `unexpected '${rest.kind === 'name' || rest.kind === 'op' ? rest.text : source.slice(rest.at, rest.at + 10)}'`);
	}
	return node;
}

/** The top-level `and` operands of an expression, left to right. */
export function conjuncts(node: XNode): XNode[] {
	return node.kind === 'and' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}
