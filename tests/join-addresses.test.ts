import { describe, expect, it } from 'vitest';
import { banner } from '../server/banner.ts';
import {
  defaultRouteFromBsd,
  defaultRouteFromProc,
  orderAddresses,
  type Nic,
} from '../server/join/addresses.ts';
import { terminalQr } from '../server/join/qr.ts';
import { decodeModules, modulesOfText } from './support/qr.ts';

const ROUTES = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
eth0\t00000000\t010010AC\t0003\t0\t0\t100\t00000000\t0\t0\t0
wlan0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0
`;

const nic = (name: string, address: string, internal = false): Nic => ({
  name,
  address,
  family: address.includes(':') ? 'IPv6' : 'IPv4',
  internal,
});

describe("the students' addresses", () => {
  it('finds the default route with the lowest metric in /proc/net/route', () => {
    expect(defaultRouteFromProc(ROUTES)).toBe('eth0');
    expect(defaultRouteFromProc(ROUTES.split('\n').slice(0, 2).join('\n'))).toBeNull();
  });

  it("reads macOS's route -n get default", () => {
    const out =
      '   route to: default\ndestination: default\n  gateway: 192.168.1.1\n  interface: en0\n';
    expect(defaultRouteFromBsd(out)).toBe('en0');
    expect(defaultRouteFromBsd('route: writing to routing socket: not in table')).toBeNull();
  });

  it('lists the default route first; bridges, link-local and loopback last', () => {
    const nics = [
      nic('lo', '127.0.0.1', true),
      nic('docker0', '172.17.0.1'),
      nic('veth12ab', '169.254.3.4'),
      nic('br-5e1f', '172.18.0.1'),
      nic('eth1', '10.0.0.5'),
      nic('wlan0', '192.168.1.23'),
      nic('wlan0', 'fe80::1'),
      nic('wlan0', '2001:db8::23'),
    ];
    expect(orderAddresses(nics, 'wlan0', false)).toEqual([
      '192.168.1.23',
      '10.0.0.5',
      '172.17.0.1',
      '172.18.0.1',
      '169.254.3.4',
      '127.0.0.1',
    ]);
    // Listening on "::" serves IPv6 too: after IPv4, its link-local address near the end.
    const both = orderAddresses(nics, 'wlan0', true);
    expect(both.slice(0, 3)).toEqual(['192.168.1.23', '10.0.0.5', '2001:db8::23']);
    expect(both.indexOf('fe80::1')).toBeGreaterThan(both.indexOf('172.18.0.1'));
    // With no default route known (an OS that hides it), real interfaces still come first.
    expect(orderAddresses(nics, null, false)[0]).toBe('10.0.0.5');
  });
});

describe("the banner's QR code", () => {
  it('decodes to the address students type, with or without colours', () => {
    const url = 'http://192.168.1.23:3000/';
    expect(decodeModules(modulesOfText(terminalQr(url, false)))).toBe(url);
    expect(decodeModules(modulesOfText(terminalQr(url, true)))).toBe(url);
  });

  it('is printed for the first of the students addresses, each of which is listed', () => {
    const text = banner(
      {
        host: '0.0.0.0',
        echoPort: 8000,
        webPort: 3000,
        teacherToken: 'tok-12345678',
        studentHosts: ['192.168.1.23', '172.17.0.1', '127.0.0.1'],
      },
      { qr: 'plain', client: 'echo-lab client' },
    );
    expect(text).toContain('Students          http://192.168.1.23:3000/');
    expect(text).toContain('Students          http://172.17.0.1:3000/');
    expect(text).toContain('Teacher (keep it) http://192.168.1.23:3000/?token=tok-12345678');
    expect(text).toContain('nc 192.168.1.23 8000      or   echo-lab client 192.168.1.23 8000');
    const qr = text
      .split('\n')
      .filter((line) => /^ {2}[█▀▄ ]+$/.test(line) && /[█▀▄]/.test(line))
      .map((line) => line.slice(2))
      .join('\n');
    expect(decodeModules(modulesOfText(qr))).toBe('http://192.168.1.23:3000/');
  });
});
