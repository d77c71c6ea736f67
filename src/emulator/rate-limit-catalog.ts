// The per-model rate limits a new project starts with. Image, audio, per-day and batch fields
// appear only on the models they apply to, as in the real API. More than 20 models, so the list
// paginates at the default limit.
import { rateLimitId } from './ids.js';
import type { RateLimitRecord } from './types.js';

type Limits = Omit<RateLimitRecord, 'id' | 'model'>;

const text = (rpm: number, tpm: number, batch: number): Limits => ({
  max_requests_per_1_minute: rpm,
  max_tokens_per_1_minute: tpm,
  batch_1_day_max_input_tokens: batch,
});

const CATALOG: Record<string, Limits> = {
  'gpt-4o': text(10_000, 30_000_000, 5_000_000_000),
  'gpt-4o-mini': text(30_000, 150_000_000, 15_000_000_000),
  'gpt-4o-audio-preview': { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 30_000_000 },
  'gpt-4o-realtime-preview': { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 30_000_000 },
  'gpt-4o-transcribe': {
    max_requests_per_1_minute: 10_000,
    max_tokens_per_1_minute: 30_000_000,
    max_audio_megabytes_per_1_minute: 500,
  },
  'gpt-4.1': text(10_000, 30_000_000, 5_000_000_000),
  'gpt-4.1-mini': text(30_000, 150_000_000, 15_000_000_000),
  'gpt-4.1-nano': text(30_000, 150_000_000, 15_000_000_000),
  'gpt-5': text(15_000, 40_000_000, 15_000_000_000),
  'gpt-5-mini': text(30_000, 180_000_000, 15_000_000_000),
  'gpt-5-nano': text(30_000, 180_000_000, 15_000_000_000),
  o1: text(10_000, 30_000_000, 5_000_000_000),
  'o1-pro': { ...text(10_000, 30_000_000, 5_000_000_000), max_requests_per_1_day: 100_000 },
  o3: text(10_000, 30_000_000, 5_000_000_000),
  'o3-mini': text(30_000, 150_000_000, 15_000_000_000),
  'o4-mini': text(30_000, 150_000_000, 15_000_000_000),
  'computer-use-preview': {
    max_requests_per_1_minute: 3_000,
    max_tokens_per_1_minute: 10_000_000,
    max_requests_per_1_day: 50_000,
  },
  'dall-e-2': { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 0, max_images_per_1_minute: 10_000 },
  'dall-e-3': { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 0, max_images_per_1_minute: 10_000 },
  'gpt-image-1': { max_requests_per_1_minute: 5_000, max_tokens_per_1_minute: 8_000_000, max_images_per_1_minute: 250 },
  'tts-1': { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 0, max_audio_megabytes_per_1_minute: 100 },
  'tts-1-hd': { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 0, max_audio_megabytes_per_1_minute: 100 },
  'whisper-1': { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 0, max_audio_megabytes_per_1_minute: 500 },
  'text-embedding-3-small': text(10_000, 10_000_000, 5_000_000_000),
  'text-embedding-3-large': text(10_000, 10_000_000, 5_000_000_000),
  'omni-moderation-latest': { max_requests_per_1_minute: 10_000, max_tokens_per_1_minute: 150_000 },
};

export function defaultRateLimits(): RateLimitRecord[] {
  return Object.entries(CATALOG).map(([model, limits]) => ({ id: rateLimitId(model), model, ...limits }));
}
