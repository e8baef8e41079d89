/**
 * System messages that error texts carry, in English and as a Korean host
 * prints them. Windows localizes the message text but not the code, and
 * docker wraps the localized text in its own English words, so a pasted error
 * often mixes both. Search reads a Korean message as its English original
 * (and as its code), so one symptom written in English matches both.
 */
export interface KnownMessage {
  /** Win32 code or HRESULT (lower-case hex), when the message has one. */
  readonly code?: string;
  readonly en: string;
  /** The text a Korean (ko-KR) Windows prints. */
  readonly ko?: string;
}

const KNOWN_MESSAGES: readonly KnownMessage[] = [
  { code: '0x2', en: 'The system cannot find the file specified.', ko: '지정된 파일을 찾을 수 없습니다.' },
  { code: '0x3', en: 'The system cannot find the path specified.', ko: '지정된 경로를 찾을 수 없습니다.' },
  { code: '0x20', en: 'The process cannot access the file because it is being used by another process.', ko: '다른 프로세스가 파일을 사용 중이기 때문에 프로세스가 액세스 할 수 없습니다.' },
  { code: '0x22', en: 'The wrong diskette is in the drive.' },
  { code: '0x57', en: 'The parameter is incorrect.', ko: '매개 변수가 틀립니다.' },
  { code: '0x490', en: 'Element not found.', ko: '요소를 찾을 수 없습니다.' },
  { code: '0x1392', en: 'The object already exists.', ko: '개체가 이미 있습니다.' },
  { code: '0x80004005', en: 'Unspecified error', ko: '지정되지 않은 오류입니다.' },
  { code: '0x8000ffff', en: 'Catastrophic failure' },
  { code: '0xb7', en: 'Cannot create a file when that file already exists.', ko: '파일이 이미 있으므로 만들 수 없습니다.' },
  // HCN's own codes (facility 0x3b), as HNS words them (computenetwork.dll; no localized text is shipped for them).
  { code: '0x803b0001', en: 'The network was not found.' },
  { code: '0x803b0002', en: 'The endpoint was not found.' },
  { code: '0x803b0005', en: 'The network does not have a subnet for this endpoint.' },
  { code: '0x803b0006', en: 'An adapter was not found.' },
  { code: '0x803b0007', en: 'The switch-port was not found.' },
  { code: '0x803b000d', en: 'The provided policy configuration is invalid or missing parameters.' },
  { code: '0x803b0013', en: 'The specified port already exists.' },
  { code: '0x803b001e', en: 'IP address is either invalid or not part of any configured subnet(s).' },
  { code: '0x803b002a', en: 'Internet Connection Sharing service (SharedAccess) is disabled and cannot be started.' },
  { code: '0x803b002f', en: 'An address provided is invalid or reserved.' },
  { code: '0x803b0037', en: 'A network of this type can not be created because VFP is not available.' },
  { code: '0x274c', en: 'A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.', ko: '연결된 구성원으로부터 응답이 없어 연결하지 못했거나, 호스트로부터 응답이 없어 연결이 끊어졌습니다.' },
  { en: 'No connection could be made because the target machine actively refused it.', ko: '대상 컴퓨터에서 연결을 거부했으므로 연결하지 못했습니다.' },
  { en: 'Unable to connect to the remote server', ko: '원격 서버에 연결할 수 없습니다.' },
  { en: 'Request timed out.', ko: '요청 시간이 만료되었습니다.' },
  { en: 'Destination host unreachable.', ko: '대상 호스트에 연결할 수 없습니다.' },
];

/** Lower-case, no final period, runs of space made one: how messages are compared. */
function key(text: string): string {
  return text.toLowerCase().normalize('NFC').replace(/\s+/g, ' ').replace(/[.。]\s*$/, '').trim();
}

export interface Recognized {
  readonly message: KnownMessage;
  /** True when the text held the localized (Korean) form. */
  readonly localized: boolean;
}

/** The known messages a text contains, in either language. */
export function recognizeMessages(text: string): Recognized[] {
  const t = key(text);
  const out: Recognized[] = [];
  for (const m of KNOWN_MESSAGES) {
    if (t.includes(key(m.en))) out.push({ message: m, localized: false });
    else if (m.ko && t.includes(key(m.ko))) out.push({ message: m, localized: true });
  }
  return out;
}

/** The text with every localized message replaced by its English original, so English symptoms match a Korean paste. */
export function toEnglish(text: string): string {
  let out = text.normalize('NFC');
  for (const m of KNOWN_MESSAGES) {
    if (!m.ko) continue;
    const ko = m.ko.replace(/[.。]\s*$/, '');
    const en = m.en.replace(/[.。]\s*$/, '');
    out = out.split(ko).join(en);
  }
  return out;
}
