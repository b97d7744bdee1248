/**
 * Reads instrument files from disk: YAML with line positions → validation → content hash.
 * Every error reads `instruments/identity.yaml:42: items[3].scale: response scale 'agree5' is not defined`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import canonicalize from 'canonicalize';
import { CST, isMap, isSeq, LineCounter, Parser, parseDocument, type Document } from 'yaml';
import type { Instrument } from '../instruments/types';
import { validateInstrument, type InstrumentIssue } from '../instruments/validate';

export interface LoadedInstrument {
	instrument: Instrument;
	/** Path as given (relative to the working directory when inside it). */
	file: string;
	/** SHA-256 of the canonical JSON of the validated content: the instrument version's id. */
	hash: string;
}

export interface LibraryLoad {
	instruments: LoadedInstrument[];
	/** One line per problem, `file:line: path: message`. */
	errors: string[];
}

/** Formats `['items', 3, 'scale']` as `items[3].scale`. */
export function formatPath(path: (string | number)[]): string {
	return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

/** The SHA-256 of the canonical (RFC 8785) JSON of an instrument. */
export function contentHash(instrument: Instrument): string {
	return createHash('sha256')
		.update(canonicalize(instrument) ?? '')
		.digest('hex');
}

/** Validates one instrument file's text. `staticDir` is where icons and audio must exist. */
export function loadInstrumentText(file: string, text: string, staticDir?: string): { loaded?: LoadedInstrument; errors: string[] } {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
	if (doc.errors.length > 0) {
		return {
			errors: doc.errors.map(
				(e) => `${file}:${lineCounter.linePos(unclosedQuoteStart(text, e.pos[0]) ?? e.pos[0]).line}: YAML: ${e.message.split('\n')[0]}`
			)
		};
	}
	const result = validateInstrument(doc.toJS());
	const issues = result.ok ? (staticDir ? assetIssues(result.instrument, staticDir) : []) : result.issues;
	if (!result.ok || issues.length > 0) {
		const located = issues.map((issue) => ({ line: lineOf(doc, lineCounter, issue), issue }));
		located.sort((a, b) => a.line - b.line);
		return { errors: located.map(({ line, issue }) => `${file}:${line}: ${formatPath(issue.path)}: ${issue.message}`) };
	}
	return { loaded: { instrument: result.instrument, file, hash: contentHash(result.instrument) }, errors: [] };
}

/**
 * An unclosed quote makes the YAML parser report the error where the runaway string ends, often the
 * end of the file; the author needs the line where the string starts.
 */
function unclosedQuoteStart(text: string, pos: number): number | undefined {
	let start: number | undefined;
	for (const token of new Parser().parse(text)) {
		if (token.type !== 'document') continue;
		CST.visit(token, ({ value }) => {
			if (value?.type !== 'double-quoted-scalar' && value?.type !== 'single-quoted-scalar') return;
			const closed = value.source.length > 1 && value.source.endsWith(value.source[0] as string);
			if (!closed && value.offset < pos && pos <= value.offset + value.source.length) start = value.offset;
		});
	}
	return start;
}

/** Line of the deepest node on the issue's path that exists in the document. */
function lineOf(doc: Document, lineCounter: LineCounter, issue: InstrumentIssue): number {
	let node: unknown = doc.contents;
	let offset = 0;
	for (const part of issue.path) {
		if (isMap(node)) {
			const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part);
			if (!pair) break;
			offset = (pair.key as { range?: [number, number] }).range?.[0] ?? offset;
			node = pair.value;
		} else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
			node = node.items[part];
			offset = (node as { range?: [number, number] }).range?.[0] ?? offset;
		} else break;
	}
	return lineCounter.linePos(offset).line;
}

/** Icons and recorded audio an instrument names must exist under `static/`. */
function assetIssues(instrument: Instrument, staticDir: string): InstrumentIssue[] {
	const issues: InstrumentIssue[] = [];
	instrument.responseScales.forEach((scale, i) =>
		scale.options.forEach((option, j) => {
			if (option.icon && !existsSync(join(staticDir, 'icons', `${option.icon}.svg`))) {
				issues.push({
					path: ['responseScales', i, 'options', j, 'icon'],
					message: `icon '${option.icon}' not found (static/icons/${option.icon}.svg)`
				});
			}
		})
	);
	instrument.items.forEach((item, i) => {
		for (const [lang, path] of Object.entries(item.audio ?? {})) {
			if (!instrument.languages.includes(lang))
				issues.push({ path: ['items', i, 'audio', lang], message: `language '${lang}' is not in the instrument's languages` });
			else if (path && !existsSync(join(staticDir, path)))
				issues.push({ path: ['items', i, 'audio', lang], message: `audio file static/${path} not found` });
		}
	});
	return issues;
}

/** Loads and validates every `*.yaml` / `*.yml` file of a directory; two files may not share key + version. */
export function loadInstrumentDirectory(dir: string, staticDir?: string): LibraryLoad {
	const files = readdirSync(dir)
		.filter((f) => /\.ya?ml$/.test(f))
		.sort();
	const instruments: LoadedInstrument[] = [];
	const errors: string[] = [];
	const shown = (path: string) => {
		const rel = relative(process.cwd(), path);
		return rel.startsWith('..') ? path : rel;
	};
	for (const name of files) {
		const file = shown(join(dir, name));
		const { loaded, errors: fileErrors } = loadInstrumentText(file, readFileSync(join(dir, name), 'utf8'), staticDir);
		errors.push(...fileErrors);
		if (!loaded) continue;
		const twin = instruments.find((o) => o.instrument.key === loaded.instrument.key && o.instrument.version === loaded.instrument.version);
		if (twin)
			errors.push(
				`${file}:1: key: instrument '${loaded.instrument.key}' version ${loaded.instrument.version} is also defined in ${twin.file}`
			);
		else instruments.push(loaded);
	}
	if (files.length === 0) errors.push(`${shown(dir)}: no instrument files (*.yaml) found`);
	return { instruments, errors };
}
