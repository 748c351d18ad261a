import type { Options } from './options.ts';
import { EchoServer } from './echo/server.ts';

export interface Addresses {
  host: string;
  echoPort: number;
}

export interface Application {
  echo: EchoServer;
  addresses: Addresses;
  close(): Promise<void>;
}

/** Starts Echo Lab; port 0 picks free ports, which is how the tests run it. */
export async function createApplication(
  options: Omit<Options, 'help' | 'dev'> & Partial<Pick<Options, 'dev'>>,
): Promise<Application> {
  const echo = new EchoServer(options);
  const tcp = await echo.listen();
  return {
    echo,
    addresses: { host: options.host, echoPort: tcp.port },
    close: () => echo.close(),
  };
}
