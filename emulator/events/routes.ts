/**
 * The events domain serves no Feishu API: Feishu *calls* the app's request URL (pusher.ts). The
 * domain's rows are therefore empty; its control endpoints are in control.ts.
 */
import type { Route } from '../routing';

export const ROUTES: Route[] = [];
