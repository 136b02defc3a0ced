import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { Public } from '#libs/auth';
import { text } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { LoginUseCase } from './login.use-case.js';

const loginRequest = z.strictObject({
  username: text(64),
  password: z.string().min(1).max(200),
});

@Controller('api/auth')
export class AuthController {
  constructor(private readonly login: LoginUseCase) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  signIn(@Body(new ZodValidationPipe(loginRequest)) body: z.infer<typeof loginRequest>) {
    return this.login.execute(body.username, body.password);
  }
}
