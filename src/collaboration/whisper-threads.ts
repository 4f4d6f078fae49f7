import type { StoredMessage, StoredParticipant } from '../storage/transcript.repository.js';

export interface StoredWhisperThread {
  messages: StoredMessage[];
  agents: StoredParticipant[];
}

/** Splits a full transcript into whisper threads: maximal runs of consecutive agent-only messages. */
export function whisperThreads(transcript: readonly StoredMessage[]): StoredWhisperThread[] {
  const threads: StoredWhisperThread[] = [];
  let current: StoredMessage[] = [];
  const close = () => {
    if (current.length === 0) return;
    const agents = new Map(current.map((m) => [m.sender.id, m.sender]));
    threads.push({ messages: current, agents: [...agents.values()] });
    current = [];
  };
  for (const m of transcript) {
    if (m.visibility === 'AGENTS_ONLY') current.push(m);
    else close();
  }
  close();
  return threads;
}
