import { HttpStatus } from '@nestjs/common';
import { json, type NextFunction, type Request, type Response } from 'express';

export const MAX_BODY_BYTES = '100kb';

interface BodyParserError extends Error {
  status?: number;
  type?: string;
}

/**
 * express.json with the contract's 100 kB limit, answering its errors in Nest's error shape: the
 * body parser runs before Nest's router, so Nest's exception filters never see these errors.
 */
export function jsonBody() {
  const parse = json({ limit: MAX_BODY_BYTES });
  return (request: Request, response: Response, next: NextFunction) => {
    parse(request, response, (error?: BodyParserError) => {
      if (!error) return next();
      const statusCode = error.status ?? HttpStatus.BAD_REQUEST;
      const tooLarge = statusCode === Number(HttpStatus.PAYLOAD_TOO_LARGE);
      response.status(statusCode).json({
        statusCode,
        message: tooLarge
          ? `request body exceeds ${MAX_BODY_BYTES}`
          : `invalid JSON body: ${error.message}`,
        error: tooLarge ? 'Payload Too Large' : 'Bad Request',
      });
    });
  };
}
