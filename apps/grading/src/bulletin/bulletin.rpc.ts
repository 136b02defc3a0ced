import { Controller, Inject, type OnApplicationBootstrap, UseGuards } from '@nestjs/common';
import { AuthGuard } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { WQY_MICROHEI_FAMILY } from '#libs/documents';
import { OnRoute } from '#libs/messaging';
import type { GradingConfig } from '../config.js';
import { BulletinQuery } from './bulletin.query.js';

const { GradingGetBulletinJson: Json, GradingGetBulletinPdf: Pdf } = Routes;

@Controller()
@UseGuards(AuthGuard)
export class BulletinRpc implements OnApplicationBootstrap {
  constructor(
    private readonly bulletins: BulletinQuery,
    @Inject(APP_CONFIG) private readonly config: GradingConfig,
  ) {}

  /** Loads the renderer a while after start-up, off the first bulletin's request and off the boot. */
  onApplicationBootstrap() {
    setTimeout(() => void import('./bulletin-pdf.js').catch(() => undefined), 10_000).unref();
  }

  /**
   * The county's notice is for everyone signed in. Replies are JSON, so the PDF travels as
   * `{contentType, filename, base64}` and the gateway's route sends the bytes.
   */
  @OnRoute(Json, Pdf)
  async get(input: In<typeof Json>) {
    const bulletin = await this.bulletins.execute(input.quarter);
    if (input.format === 'json') return bulletin;
    // Loaded on first use: pdfkit, echarts and resvg are large, and only bulletins need them.
    const { bulletinPdf } = await import('./bulletin-pdf.js');
    const pdf = await bulletinPdf(bulletin, {
      file: this.config.GRADING_BULLETIN_FONT,
      postscriptName: this.config.GRADING_BULLETIN_FONT_NAME,
      family: WQY_MICROHEI_FAMILY,
    });
    return {
      contentType: 'application/pdf',
      filename: `bulletin-${input.quarter}.pdf`,
      base64: pdf.toString('base64'),
    };
  }
}
