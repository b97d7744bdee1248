/**
 * Tokenizer for the instrument expression language (relevance and constraints).
 * Pure and isomorphic; part of the kiosk bundle, so it stays small and never uses eval.
 */

/** A parse or lexing failure at a 1-based column of the source. */
export class ExpressionError extends Error {
	readonly column: number;

	constructor(column: number, detail: string) {
		super(`column ${column}: ${detail}`);
		this.name = 'ExpressionError';
		this.column = column;
	}
}

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Token =
	| { kind: 'ref'; key: string; column: number; text: string }
	| { kind: 'number'; value: number; column: number; text: string }
	| { kind: 'string'; value: string; column: number; text: string }
	/** Operators, punctuation and words (`and`, `or`, `not`, function names); `text` is the token. */
	| { kind: 'symbol'; column: number; text: string }
	| { kind: 'end'; column: number; text: string };

const ITEM_KEY = /^[a-z][a-z0-9_]*$/;
// No binary minus exists, so a '-' directly before a digit can only start a negative literal.
const NUMBER = /-?(?:\d+(?:\.\d+)?|\.\d+)/y;
const NUMERIC_TEXT = /^\s*-?(?:\d+(?:\.\d+)?|\.\d+)\s*$/;
// Words may contain '-' for `count-selected`; again safe because there is no subtraction.
const WORD = /[A-Za-z_][A-Za-z0-9_-]*/y;
const OPERATOR = /!=|<=|>=|[=<>(),]/y;
const SPACE = /\s+/y;

/** Whether a string spells a number literal, like `'3'`: such strings compare as numbers. */
export function isNumeric(text: string): boolean {
	return NUMERIC_TEXT.test(text);
}

/** Splits `source` into tokens, always ending with one `end` token. */
export function tokenize(source: string): Token[] {
	const tokens: Token[] = [];
	let at = 0;
	const match = (pattern: RegExp): string | undefined => {
		pattern.lastIndex = at;
		return pattern.exec(source)?.[0];
	};

	while (at < source.length) {
		const column = at + 1;
		const space = match(SPACE);
		if (space) {
			at += space.length;
			continue;
		}
		const char = source.charAt(at);
		let text: string | undefined;
		if (char === '$') {
			tokens.push(readRef(source, at));
		} else if (char === "'" || char === '"') {
			tokens.push(readString(source, at));
		} else if ((text = match(NUMBER))) {
			tokens.push({ kind: 'number', value: Number(text), column, text });
		} else if ((text = match(WORD) ?? match(OPERATOR))) {
			tokens.push({ kind: 'symbol', column, text });
		} else {
			throw new ExpressionError(column, `unexpected character '${char}'`);
		}
		at += tokens[tokens.length - 1]?.text.length ?? 1;
	}
	tokens.push({ kind: 'end', column: source.length + 1, text: '' });
	return tokens;
}

function readRef(source: string, start: number): Token {
	const column = start + 1;
	if (source[start + 1] !== '{') throw new ExpressionError(column, "expected '{' after '$'");
	const close = source.indexOf('}', start);
	if (close < 0) throw new ExpressionError(column, "unterminated item reference, expected '}'");
	const key = source.slice(start + 2, close);
	if (key === '') throw new ExpressionError(column, 'empty item reference ${}');
	if (!ITEM_KEY.test(key)) {
		throw new ExpressionError(column, `invalid item key '${key}' (use a-z, 0-9 and _)`);
	}
	return { kind: 'ref', key, column, text: source.slice(start, close + 1) };
}

function readString(source: string, start: number): Token {
	const quote = source.charAt(start);
	let value = '';
	for (let at = start + 1; at < source.length; at++) {
		const char = source.charAt(at);
		if (char === quote) {
			return { kind: 'string', value, column: start + 1, text: source.slice(start, at + 1) };
		}
		if (char === '\\') {
			const escaped = source[++at];
			// Only quotes and backslash: anything else (`\n`) would silently mean something odd.
			if (escaped !== '\\' && escaped !== "'" && escaped !== '"') {
				throw new ExpressionError(at, `invalid escape '\\${escaped ?? ''}' in string`);
			}
			value += escaped;
		} else {
			value += char;
		}
	}
	throw new ExpressionError(start + 1, 'unterminated string');
}
