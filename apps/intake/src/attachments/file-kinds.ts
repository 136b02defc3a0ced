import type { IntakeConfig } from '../config.js';

export const KINDS = ['image', 'pdf', 'audio', 'video'] as const;
export type FileKind = (typeof KINDS)[number];

/** The types accepted, as read from the bytes; images are re-encoded in the same format, without metadata. */
const ACCEPTED: Record<string, FileKind> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'application/pdf': 'pdf',
  'audio/mpeg': 'audio',
  'audio/mp4': 'audio',
  'audio/x-m4a': 'audio',
  'audio/aac': 'audio',
  'audio/ogg': 'audio',
  'audio/wav': 'audio',
  'audio/x-wav': 'audio',
  'video/mp4': 'video',
  'video/quicktime': 'video',
  'video/webm': 'video',
};

export const kindOf = (mime: string): FileKind | undefined => ACCEPTED[mime];

export function sizeLimitOf(kind: FileKind, config: IntakeConfig): number {
  return {
    image: config.ATTACHMENT_MAX_IMAGE_MB,
    pdf: config.ATTACHMENT_MAX_PDF_MB,
    audio: config.ATTACHMENT_MAX_AUDIO_MB,
    video: config.ATTACHMENT_MAX_VIDEO_MB,
  }[kind];
}

export const ACCEPTED_TYPES = Object.keys(ACCEPTED);
