/**
 * `node --import tsx --import ./register.mjs scripts/anju.ts migrate`: runs the real CLI with one
 * more migration, which fails half-way (see hooks.mjs). For the failing-migration test only.
 */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
