/**
 * XLSForm expressions (parsed by `xpath.ts`) → Anju expressions. Names become item keys, choice
 * names become response codes, `.` becomes the question itself, `${x} != ''` becomes
 * `answered(${x})`, and a translatable `calculate` is written into the expressions that use it.
 * Anything Anju cannot express throws an XPathError naming it.
 */
import type { Expr } from '../instruments/expression/parser';
import { numberText, numericText } from './sheets';
import { XPathError, type XNode } from './xpath';

/** What a `${name}` stands for. */
export type NameTarget =
	| { kind: 'item'; name: string; key: string; list?: string; codes?: Map<string, number> }
	/** A translated `calculate`, written in place of its reference. */
	| { kind: 'inline'; expr: Expr }
	/** Not usable in expressions; `reason` finishes "refers to ${name}, …". */
	| { kind: 'refused'; reason: string };

export interface TranslationScope {
	resolve: (name: string) => NameTarget;
	/** The question `.` stands for (its constraint; a relevance rarely uses it). */
	self?: Extract<NameTarget, { kind: 'item' }>;
}

const at = 0;

/** Translates one parsed expression; throws XPathError. */
export function translateXPath(node: XNode, scope: TranslationScope): Expr {
	const item = (value: XNode): Extract<NameTarget, { kind: 'item' }> | undefined => {
		if (value.kind === 'self') return scope.self;
		if (value.kind !== 'ref') return undefined;
		const target = scope.resolve(value.name);
		return target.kind === 'item' ? target : undefined;
	};

	/** A literal compared with (or selected from) a choice question becomes its response code. */
	const literal = (value: XNode & { kind: 'number' | 'string' }, question: ReturnType<typeof item>): Expr => {
		if (!question?.codes)
			return value.kind === 'number'
				? { kind: 'number', value: value.value, column: at }
				: { kind: 'string', value: value.value, column: at };
		const name = value.kind === 'number' ? numberText(value.value) : value.value;
		const code = question.codes.get(name) ?? question.codes.get(numericText(name) ?? '\0');
		if (code === undefined) throw new XPathError(`'${name}' is not a choice of \${${question.name}} (list '${question.list}')`);
		return { kind: 'number', value: code, column: at };
	};

	const operand = (value: XNode, other: XNode): Expr =>
		value.kind === 'number' || value.kind === 'string' ? literal(value, item(other)) : translate(value);

	const translate = (value: XNode): Expr => {
		switch (value.kind) {
			case 'ref': {
				const target = scope.resolve(value.name);
				if (target.kind === 'refused') throw new XPathError(`refers to \${${value.name}}, ${target.reason}`);
				return target.kind === 'inline' ? target.expr : { kind: 'ref', key: target.key, column: at };
			}
			case 'self':
				if (!scope.self) throw new XPathError("'.' (the current answer) is only meaningful in a question's own constraint");
				return { kind: 'ref', key: scope.self.key, column: at };
			case 'number':
				return { kind: 'number', value: value.value, column: at };
			case 'string':
				return { kind: 'string', value: value.value, column: at };
			case 'and':
			case 'or':
				return { kind: value.kind, left: translate(value.left), right: translate(value.right), column: at };
			case 'compare':
				return compare(value);
			case 'call':
				return call(value);
		}
	};

	const compare = (value: Extract<XNode, { kind: 'compare' }>): Expr => {
		// `${x} != ''` asks whether x is answered: Anju says so directly.
		const empty = (side: XNode) => side.kind === 'string' && side.value === '';
		if ((value.op === '=' || value.op === '!=') && (empty(value.left) || empty(value.right))) {
			const other = empty(value.left) ? value.right : value.left;
			if (other.kind === 'ref' || other.kind === 'self') {
				const answered: Expr = { kind: 'call', name: 'answered', args: [translate(other)], column: at };
				return value.op === '!=' ? answered : { kind: 'not', operand: answered, column: at };
			}
		}
		return { kind: 'compare', op: value.op, left: operand(value.left, value.right), right: operand(value.right, value.left), column: at };
	};

	const call = (value: Extract<XNode, { kind: 'call' }>): Expr => {
		const [first, second] = value.args;
		switch (value.name) {
			case 'not':
				if (value.args.length !== 1 || !first) throw new XPathError(`not() takes 1 argument but got ${value.args.length}`);
				return { kind: 'not', operand: translate(first), column: at };
			case 'selected': {
				if (value.args.length !== 2 || !first || !second) throw new XPathError(`selected() takes 2 arguments but got ${value.args.length}`);
				if (second.kind !== 'string' && second.kind !== 'number')
					throw new XPathError('the second argument of selected() must be a choice name in quotes');
				// Codes in selected() are quoted, as instrument authors write them: selected(${x}, '9').
				const code = literal(second, item(first));
				const quoted: Expr = code.kind === 'number' ? { kind: 'string', value: String(code.value), column: at } : code;
				return { kind: 'call', name: 'selected', args: [translate(first), quoted], column: at };
			}
			case 'count-selected':
				return { kind: 'call', name: 'count-selected', args: value.args.map(translate), column: at };
			default:
				throw new XPathError(`function '${value.name}()' is not in Anju's expression language`);
		}
	};

	return translate(node);
}
