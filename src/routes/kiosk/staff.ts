/**
 * The kiosk's staff-facing parts — enrollment, the status dialog, and the screens that say why no
 * survey can run (revoked, offline before the first download, no open wave) — loaded on demand:
 * residents never need them, so they stay out of the kiosk's first load.
 */
export { default as EnrollScreen } from './EnrollScreen.svelte';
export { default as StaffStatus } from './StaffStatus.svelte';
export { enroll } from './enroll';
export { default as DeviceState } from './DeviceState.svelte';
