/**
 * The instrument expression language for relevance (skip logic) and constraints:
 * `${item}` references, numbers, strings, `= != < <= > >=`, `and`, `or`, `not`, parentheses,
 * `selected()`, `count-selected()` and `answered()`. See instruments/README.md, "Expressions".
 */
export { ExpressionError } from './lexer';
export { parseExpression, type Expr } from './parser';
export { evaluateCondition } from './evaluate';
export { checkExpression, referencedItems, type ExpressionIssue } from './check';
export { formatExpression, quoteString } from './format';
