import express, { type RequestHandler } from 'express';
import type { ShownServer } from '../shown/shown-server.ts';
import type { EventHub } from '../hub/hub.ts';
import type { OriginPolicy } from '../security/origin.ts';
import { PAGE_DIR } from './page-build.ts';
import { sessionsApi, type SessionsApiOptions } from './sessions-api.ts';

/** Events /api/state returns along with the state. */
const RECENT_EVENTS = 100;

const CSP = [
  "default-src 'self'",
  // 'self' covers the page's own ws: origin for socket.io and the byte bridge.
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const securityHeaders =
  (dev: boolean): RequestHandler =>
  (_req, res, next) => {
    // Vite's dev server injects inline scripts for hot reload, so only the built page gets a CSP.
    if (!dev) res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  };

export interface HttpAppOptions {
  echo: ShownServer;
  hub: EventHub;
  policy: OriginPolicy;
  /** The saved runs' API; absent, there is none. */
  sessions?: SessionsApiOptions;
  /** Vite's middlewares in --dev mode; the built page otherwise. */
  devMiddleware?: RequestHandler;
  /** Classroom mode: /api/join, what the teacher's join screen shows. */
  join?: RequestHandler;
}

export function createHttpApp(options: HttpAppOptions): express.Express {
  const { echo, hub, policy, sessions, devMiddleware, join } = options;
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(devMiddleware !== undefined));
  app.use((req, res, next) => {
    const refused = policy.refuse(req);
    if (refused) res.status(403).type('text/plain').send(`Echo Lab: ${refused}\n`);
    else next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, seq: hub.lab.seq });
  });
  app.get('/api/state', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ config: echo.settings, state: hub.lab, events: hub.recent(RECENT_EVENTS) });
  });
  if (join) app.get('/api/join', join);
  if (sessions) app.use('/api/sessions', sessionsApi(sessions));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'no such API; try /api/state' });
  });

  if (devMiddleware) {
    app.use(devMiddleware);
  } else {
    app.use(
      express.static(PAGE_DIR, {
        index: 'index.html',
        setHeaders(res, file) {
          // Vite names assets by content hash; only index.html must be fetched afresh.
          const immutable = file.includes('/assets/');
          res.setHeader(
            'Cache-Control',
            immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      }),
    );
  }
  return app;
}
