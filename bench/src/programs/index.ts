// The client contenders, in the order the tables list them. The first is the reference.
import { join } from 'node:path';
import { BENCH_DIR } from '../workspace.js';
import * as axiosProgram from './axios.js';
import * as fetchProgram from './fetch.js';
import * as klaviProgram from './klavi.js';
import * as openapiFetchProgram from './openapi-fetch.js';
import * as openapiFetchTimeoutProgram from './openapi-fetch-timeout.js';
import type { ConnectOptions, PaymentProgram } from './types.js';

export interface Contender {
  name: string;
  /** The program's source, which the bundle-size measurement builds for the browser. */
  source: string;
  connect(options: ConnectOptions): PaymentProgram;
}

const source = (file: string) => join(BENCH_DIR, 'src', 'programs', file);

export const CONTENDERS: readonly Contender[] = [
  { name: 'raw fetch', source: source('fetch.ts'), connect: fetchProgram.connect },
  { name: 'openapi-fetch', source: source('openapi-fetch.ts'), connect: openapiFetchProgram.connect },
  {
    name: 'openapi-fetch + timeout',
    source: source('openapi-fetch-timeout.ts'),
    connect: openapiFetchTimeoutProgram.connect,
  },
  { name: 'axios', source: source('axios.ts'), connect: axiosProgram.connect },
  { name: '@klavi-pay/client', source: source('klavi.ts'), connect: klaviProgram.connect },
];

export type { ConnectOptions, PaymentProgram } from './types.js';
