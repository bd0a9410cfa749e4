// The five response checks, each on an exchange that passes and one that fails it.
import { describe, expect, it } from 'vitest';
import { checkExchange } from '../src/checks/response.js';
import type { Exchange } from '../src/exchange.js';
import { loadSpec } from '../src/spec.js';

const spec = loadSpec();
const BASE = 'http://server.test';
const statusBody = {
  id: 'p1',
  clientRequestId: 'k1',
  amount: '10.00',
  currency: 'BRL',
  status: 'PAYMENT_PENDING',
  statusUpdateAt: '2026-11-21T12:00:00.000Z',
};

function exchange(
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Exchange {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    seq: 1,
    caseId: 'test',
    request: { method, url: `${BASE}${path}`, headers: {} },
    response: { status, headers, body: text, bytes: Buffer.byteLength(text) },
    durationMs: 1,
  };
}

const verdicts = (e: Exchange, basePath = '') =>
  Object.fromEntries(
    checkExchange(spec, e, basePath).map((r) => [r.check, r.outcome === 'fail' ? r.message : r.outcome]),
  );

describe('response checks', () => {
  it('judge an answer that did not arrive whole once, by what went wrong', () => {
    const cut: Exchange = {
      ...exchange('GET', '/payment/customer/v1/instant/payments/p1/status', 200, '{"id":'),
      error: 'the body was cut short: the server closed the connection after 6 bytes',
      failure: 'truncated',
    };
    expect(verdicts(cut)).toEqual({
      not_a_server_error:
        'status 200 arrived, but the body was cut short: the server closed the connection after 6 bytes',
    });
  });

  it('pass a conforming response', () => {
    expect(verdicts(exchange('GET', '/payment/customer/v1/instant/payments/p1/status', 200, statusBody))).toEqual({
      not_a_server_error: 'pass',
      status_code_conformance: 'pass',
      content_type_conformance: 'pass',
      response_schema_conformance: 'pass',
      response_headers_conformance: 'pass',
    });
  });

  it('not_a_server_error: a 5xx, or no response at all', () => {
    expect(
      verdicts(
        exchange('GET', '/payment/customer/v1/instant/payments/p1/status', 503, {
          statusCode: 503,
          error: 'x',
          message: 'y',
        }),
      ).not_a_server_error,
    ).toBe('the server answered 503');
    const lost: Exchange = {
      seq: 2,
      caseId: 't',
      request: { method: 'GET', url: `${BASE}/x`, headers: {} },
      error: 'socket hang up',
      durationMs: 1,
    };
    expect(verdicts(lost)).toEqual({ not_a_server_error: 'no response: socket hang up' });
  });

  it('status_code_conformance: a status the operation does not document', () => {
    expect(
      verdicts(exchange('GET', '/payment/customer/v1/instant/payments/p1', 201, {})).status_code_conformance,
    ).toMatch(/^status 201 is not documented for getInstantPayment \(documented: 200, 400/);
    const redirect = exchange('GET', '/payment/customer/v1/instant/payments/p1', 301, '', {
      location: 'https://api.example/payment/customer/v1/instant/payments/p1',
    });
    expect(verdicts(redirect).status_code_conformance).toMatch(
      /; it redirects to https:\/\/api\.example\/payment\/customer\/v1\/instant\/payments\/p1, and klavi-contract does not follow redirects$/,
    );
  });

  it('content_type_conformance: missing, malformed or undocumented', () => {
    const path = '/payment/customer/v1/instant/payments/p1/status';
    expect(
      verdicts(exchange(path.startsWith('/') ? 'GET' : 'GET', path, 200, statusBody, {})).content_type_conformance,
    ).toMatch(/no Content-Type/);
    expect(
      verdicts(exchange('GET', path, 200, statusBody, { 'content-type': 'text/html; charset=utf-8' }))
        .content_type_conformance,
    ).toMatch(/text\/html is not documented/);
    expect(
      verdicts(exchange('GET', path, 200, statusBody, { 'content-type': 'json' })).content_type_conformance,
    ).toMatch(/malformed/);
    expect(
      verdicts(exchange('GET', path, 200, statusBody, { 'content-type': 'application/json; charset=utf-8' }))
        .content_type_conformance,
    ).toBe('pass');
    expect(
      verdicts(exchange('GET', path, 200, statusBody, { 'content-type': 'application/json; charset="UTF-8"' }))
        .content_type_conformance,
    ).toBe('pass');
    expect(
      verdicts(exchange('GET', path, 200, statusBody, { 'content-type': 'application/json; charset=iso-8859-1' }))
        .content_type_conformance,
    ).toMatch(/declares charset iso-8859-1: JSON must be UTF-8/);
  });

  it('response_schema_conformance: names the field, and refuses broken JSON', () => {
    const path = '/payment/customer/v1/instant/payments/p1/status';
    const { statusUpdateAt: _, ...renamed } = statusBody;
    expect(verdicts(exchange('GET', path, 200, { ...renamed, updatedAt: 'x' })).response_schema_conformance).toMatch(
      /^response\.statusUpdateAt is required/,
    );
    expect(verdicts(exchange('GET', path, 200, { ...statusBody, status: 'DONE' })).response_schema_conformance).toMatch(
      /^response\.status must be one of/,
    );
    expect(verdicts(exchange('GET', path, 200, '{"id":')).response_schema_conformance).toMatch(/not valid JSON/);
  });

  it('response_headers_conformance: Retry-After on a 429, with a valid value', () => {
    const body = { statusCode: 429, error: 'Too Many Requests', message: 'slow down' };
    const path = '/payment/customer/v1/instant/payments';
    expect(verdicts(exchange('POST', path, 429, body)).response_headers_conformance).toBe(
      'required header Retry-After missing from the 429 response',
    );
    expect(
      verdicts(exchange('POST', path, 429, body, { 'content-type': 'application/json', 'retry-after': '1' }))
        .response_headers_conformance,
    ).toBe('pass');
    // The value is checked against the header's schema (delta-seconds, 0 to 86400).
    expect(
      verdicts(
        exchange('POST', path, 429, body, {
          'content-type': 'application/json',
          'retry-after': 'Fri, 31 Dec 2026 23:59:59 GMT',
        }),
      ).response_headers_conformance,
    ).toMatch(/^header Retry-After must be of type integer \(got "Fri, 31 Dec/);
    expect(
      verdicts(exchange('POST', path, 429, body, { 'content-type': 'application/json', 'retry-after': '90000' }))
        .response_headers_conformance,
    ).toMatch(/Retry-After must be <= 86400/);
  });

  it('judges only not_a_server_error for a request that matches no operation, and strips a base path', () => {
    expect(Object.keys(verdicts(exchange('DELETE', '/payment/customer/v1/instant/payments', 405, {})))).toEqual([
      'not_a_server_error',
    ]);
    const prefixed = exchange('GET', '/api/payment/customer/v1/instant/payments/p1/status', 200, statusBody);
    expect(verdicts(prefixed, '/api').response_schema_conformance).toBe('pass');
  });
});

describe('an answer that did not come', () => {
  const unanswered = (abandoned: boolean): Exchange => ({
    seq: 1,
    caseId: 'test',
    request: { method: 'GET', url: `${BASE}/payment/customer/v1/instant/payments/p1/status`, headers: {} },
    error: 'the caller gave up on the request: the wait ran out after 1500 ms',
    failure: 'timeout',
    ...(abandoned ? { abandoned: true as const } : {}),
    durationMs: 1500,
  });

  it('fails not_a_server_error when the server gave none', () => {
    expect(verdicts(unanswered(false))).toEqual({
      not_a_server_error: 'no response: the caller gave up on the request: the wait ran out after 1500 ms',
    });
  });

  it('is judged by no response check when the certifier gave the read up itself', () => {
    expect(verdicts(unanswered(true))).toEqual({});
  });
});
