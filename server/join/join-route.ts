import type { RequestHandler } from 'express';
import { Role, type JoinInfo } from '../../shared/protocol.ts';
import type { ViewerServer } from '../viewers/viewers.ts';
import { svgQr } from './qr.ts';

export const studentUrl = (host: string, webPort: number): string =>
  `http://${host.includes(':') ? `[${host}]` : host}:${webPort}/`;

export interface JoinRoute extends RequestHandler {
  /** Counts students' pages on this socket.io server (set once it exists). */
  countPages(io: ViewerServer): void;
}

/**
 * The hosts are found once, at start-up, so the join screen, the banner and every page's
 * "nc <host> <port>" name the same address. QR codes are made here, as SVG, so the page's
 * bundle carries no QR encoder.
 */
export function joinRoute(options: {
  hosts: readonly string[];
  webPort: () => number;
  echoPort: () => number;
}): JoinRoute {
  let io: ViewerServer | null = null;
  const codes = new Map<string, string>();
  const qr = (url: string): string => {
    let svg = codes.get(url);
    if (svg === undefined) codes.set(url, (svg = svgQr(url)));
    return svg;
  };
  const handler: RequestHandler = (_req, res) => {
    let watching = 0;
    for (const socket of io?.of('/').sockets.values() ?? []) {
      if (socket.data.role === Role.viewer) watching++;
    }
    const info: JoinInfo = {
      addresses: options.hosts.map((host) => {
        const url = studentUrl(host, options.webPort());
        return { url, host, qrSvg: qr(url) };
      }),
      echoPort: options.echoPort(),
      watching,
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(info);
  };
  return Object.assign(handler, { countPages: (server: ViewerServer) => void (io = server) });
}
