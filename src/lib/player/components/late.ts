/**
 * Screens and answer widgets the player needs only after the first question (or rarely): loaded
 * in one chunk once the first question is on screen, so they do not weigh on the kiosk's first
 * load. The service worker caches the chunk like the rest of the app, so it loads offline too.
 */
export { default as IdleWarning } from './IdleWarning.svelte';
export { default as ClosingScreen } from './ClosingScreen.svelte';
export { default as NumberAnswer } from './NumberAnswer.svelte';
export { default as TextAnswer } from './TextAnswer.svelte';
export { valueIssueText } from '../value-issue-text';
