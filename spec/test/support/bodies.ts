// Valid request bodies to derive test cases from. Each is a complete, documented-shape body;
// cases change one thing at a time.
export const clientMetadata = { platform: 'BROWSER', os: 'MACOS', osVersion: '3.2.1' };

export const pixInic = {
  clientRequestId: '0b9c39a0-1f5e-4d8e-9c55-3f4c1f0d2a11',
  institutionId: 'c8f0bf49-4744-4933-8960-7add6e590841',
  customer: { identifierType: 'CPF', identifier: '12345678901', name: 'Klavi Test' },
  initType: 'PIX_INIC',
  proxy: '12345678901',
  amount: '1333.00',
  currency: 'BRL',
  redirectURL: 'https://your-platform.com/callback',
  clientMetadata,
};

export const holder = { identifierType: 'CNPJ', identifier: '44471172000119', name: 'Klavi' };
export const creditorAccount = { ispb: '87654321', issuer: '1234', number: '12345678', accountType: 'CACC', holder };

export const pixManu = (() => {
  const { proxy: _proxy, ...rest } = pixInic;
  return { ...rest, initType: 'PIX_MANU', creditorAccount };
})();

export const pixQrCode = (() => {
  const { proxy: _proxy, ...rest } = pixInic;
  return {
    ...rest,
    initType: 'PIX_QRCODE',
    qrCode:
      '00020126330014BR.GOV.BCB.PIX01117610927767352040000530398654071333.005802BR5905KLAVI6008BRASILIA62070503***6304E2CA',
  };
})();

export const consentRequest = {
  clientRequestId: 'fcb72e3a-b346-4f71-b044-0d1e2f3a4b5c',
  institutionId: 'c8f0bf49-4744-4933-8960-7add6e590841',
  customer: { identifierType: 'CPF', identifier: '76109277673', name: 'João Silva' },
  redirectURL: 'https://your-platform.com/callback',
  additionalInformation: 'Consent description',
  creditorAccount: {
    ispb: '00000000',
    issuer: '0001',
    number: '324223',
    accountType: 'CACC',
    holder: { identifier: '76109277673', name: 'John Doe', identifierType: 'CPF' },
  },
  paymentMethodConfig: {
    contractId: 'EX123456123456',
    minimumVariableAmount: '80.01',
    maximumVariableAmount: '100.01',
    currency: 'BRL',
    interval: 'MONTHLY',
    referenceStartDate: '2025-06-01',
    contractDebtor: { identifierType: 'CPF', identifier: '76109277673', name: 'João da Silva' },
    isRetryAccepted: true,
    firstPayment: {
      remittanceInformation: 'First payment description',
      date: '2025-05-15',
      amount: '3000.02',
      currency: 'BRL',
    },
  },
  clientMetadata: { platform: 'APP', os: 'LINUX', osVersion: 'N/A' },
};

/** Returns a deep copy of `body` with `edit` applied to it. */
export function tweak<T>(body: T, edit: (copy: any) => void): T {
  const copy = structuredClone(body);
  edit(copy);
  return copy;
}
