// The stored form of the sandbox's records: plain JSON, and back. Reading one checks what the
// domain relies on, so a data file edited by hand, or written by a sandbox whose spec had other
// state machines, is refused with the record and the field that do not fit rather than served.
import type { AutomaticConsentDetails, AutomaticPaymentRequest, InstantPaymentDetails } from '@klavi-pay/spec/types';
import { Lifecycle, type LifecycleData } from '../domain/lifecycle.js';
import {
  MACHINES,
  type AnyRecord,
  type AnyRecordState,
  type AutomaticPaymentRecord,
  type BankLink,
  type Cancellation,
  type ConsentRecord,
  type InstantPaymentRecord,
  type RecordKind,
} from '../domain/records.js';

export type { AnyRecord, RecordKind } from '../domain/records.js';

/** One record as the data file holds it. `seq` is the order the records were made in. */
export interface StoredRecord {
  kind: RecordKind;
  seq: number;
  id: string;
  appId: string;
  createdAt: number;
  request: Record<string, unknown>;
  life: LifecycleData;
  consentId?: string;
  endToEndId?: string;
  originalPaymentId?: string;
  cancellation?: Cancellation;
  link?: BankLink;
}

/** Drops undefined members, which JSON would drop anyway, so a stored record reads back equal. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function toStored(kind: RecordKind, record: AnyRecordState, seq: number): StoredRecord {
  const link = 'link' in record ? defined({ ...record.link }) : undefined;
  return defined({
    kind,
    seq,
    id: record.id,
    appId: record.appId,
    createdAt: record.createdAt,
    request: record.request,
    life: record.life.toData(),
    consentId: 'consentId' in record ? record.consentId : undefined,
    endToEndId: 'endToEndId' in record ? record.endToEndId : undefined,
    originalPaymentId: 'originalPaymentId' in record ? record.originalPaymentId : undefined,
    cancellation: 'cancellation' in record ? record.cancellation : undefined,
    link,
  });
}

/** A problem with one stored record, named by its kind and id. */
export class StoredRecordError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function need<T>(value: unknown, check: (v: unknown) => boolean, field: string, expected: string): T {
  if (!check(value)) throw new Error(`${field} must be ${expected}, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value as T;
}

const isString = (v: unknown) => typeof v === 'string' && v.length > 0;
const isTime = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const optional = (check: (v: unknown) => boolean) => (v: unknown) => v === undefined || check(v);

function readLink(value: unknown, kind: 'instant' | 'consent', id: string): BankLink {
  const link = need<Record<string, unknown>>(value, isObject, 'link', 'an object');
  need(link.token, isString, 'link.token', 'a string');
  if (link.kind !== kind || link.resourceId !== id)
    throw new Error(`link must be the ${kind} link of ${id}, got ${String(link.kind)} of ${String(link.resourceId)}`);
  need(link.expiresAt, isTime, 'link.expiresAt', 'epoch milliseconds');
  need(link.opened, (v) => typeof v === 'boolean', 'link.opened', 'true or false');
  need(link.formToken, optional(isString), 'link.formToken', 'a string');
  return {
    token: link.token as string,
    kind,
    resourceId: id,
    expiresAt: link.expiresAt as number,
    opened: link.opened as boolean,
    formToken: link.formToken as string | undefined,
  };
}

function readCancellation(value: unknown): Cancellation | undefined {
  if (value === undefined) return undefined;
  const cancellation = need<Cancellation>(value, isObject, 'cancellation', 'an object');
  need(cancellation.cancelledAt, isTime, 'cancellation.cancelledAt', 'epoch milliseconds');
  need(cancellation.cancelledBy, isObject, 'cancellation.cancelledBy', 'an object');
  return cancellation;
}

function readLife(kind: RecordKind, value: unknown) {
  const data = need<LifecycleData>(value, isObject, 'life', 'an object');
  need(data.history, Array.isArray, 'life.history', 'a list of statuses');
  need(data.planned, Array.isArray, 'life.planned', 'a list of planned moves');
  need(data.updatedAt, isTime, 'life.updatedAt', 'epoch milliseconds');
  for (const [i, step] of data.planned.entries()) need(step?.at, isTime, `life.planned[${i}].at`, 'epoch milliseconds');
  return Lifecycle.fromData(MACHINES[kind], data);
}

/** The domain record a stored one describes; throws StoredRecordError naming what does not fit. */
export function fromStored(value: unknown): { kind: RecordKind; seq: number; record: AnyRecord } {
  const stored = isObject(value) ? value : {};
  const kind = stored.kind as RecordKind;
  const label = `${String(stored.kind)} ${String(stored.id)}`;
  try {
    if (!(kind in MACHINES)) throw new Error(`kind must be one of ${Object.keys(MACHINES).join(', ')}`);
    const seq = need<number>(stored.seq, Number.isSafeInteger, 'seq', 'an integer');
    const id = need<string>(stored.id, isString, 'id', 'a string');
    const common = {
      id,
      appId: need<string>(stored.appId, isString, 'appId', 'a string'),
      createdAt: need<number>(stored.createdAt, isTime, 'createdAt', 'epoch milliseconds'),
    };
    // The request was validated against the spec when it was made: it is read back as that.
    const request = <T>() => need<T>(stored.request, isObject, 'request', 'an object');
    const endToEndId = need<string | undefined>(stored.endToEndId, optional(isString), 'endToEndId', 'a string');
    if (kind === 'instant') {
      const record: InstantPaymentRecord = {
        kind,
        ...common,
        request: request<InstantPaymentDetails>(),
        consentId: need<string>(stored.consentId, isString, 'consentId', 'a string'),
        endToEndId,
        cancellation: readCancellation(stored.cancellation),
        life: readLife('instant', stored.life) as Lifecycle<'InstantPaymentStatus'>,
        link: readLink(stored.link, 'instant', id),
      };
      return { kind, seq, record };
    }
    if (kind === 'consent') {
      const record: ConsentRecord = {
        kind,
        ...common,
        request: request<AutomaticConsentDetails>(),
        life: readLife('consent', stored.life) as Lifecycle<'AutomaticConsentStatus'>,
        link: readLink(stored.link, 'consent', id),
      };
      return { kind, seq, record };
    }
    const record: AutomaticPaymentRecord = {
      kind,
      ...common,
      request: request<AutomaticPaymentRequest>(),
      consentId: need<string>(stored.consentId, isString, 'consentId', 'a string'),
      originalPaymentId: need<string | undefined>(
        stored.originalPaymentId,
        optional(isString),
        'originalPaymentId',
        'a string',
      ),
      endToEndId,
      cancellation: readCancellation(stored.cancellation),
      life: readLife('automatic-payment', stored.life) as Lifecycle<'AutomaticPaymentStatus'>,
    };
    return { kind, seq, record };
  } catch (error) {
    throw new StoredRecordError(`${label}: ${(error as Error).message}`);
  }
}
