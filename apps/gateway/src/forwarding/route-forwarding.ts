import { Controller, Inject, Req, Res, type Type } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { base64File, type RouteDefinition } from '#libs/contracts';
import { HttpRoute, payloadOf } from '../routes/http-route.js';
import { Forwarder } from './forwarder.js';

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<Buffer>;

/** Sends the route's RPC with the payload its definition makes; a file answer leaves as its bytes. */
function forwardingHandler(route: RouteDefinition & { rpc: string }, forwarder: () => Forwarder): Handler {
  return async (request, reply) => {
    const json = await forwarder().forward(request, reply, route.rpc, payloadOf(route, request), {
      timeoutMs: route.timeoutMs,
    });
    if (route.answer.kind !== 'file') return json;
    // NATS replies are JSON: the service sends the file as base64, and the bytes go out from here.
    const file = base64File.parse(JSON.parse(json.toString('utf8')));
    void reply.type(file.contentType).header('content-disposition', `inline; filename="${file.filename}"`);
    return Buffer.from(file.base64, 'base64');
  };
}

/**
 * The gateway's forwarding routes, one method per `forward` definition: its path, status and access
 * from the definition, its body the service's JSON answer as is. Nothing to write by hand per route.
 */
export function forwardingController(routes: ReadonlyArray<RouteDefinition & { name: string }>): Type<unknown> {
  class ForwardingController {
    constructor(@Inject(Forwarder) readonly forwarder: Forwarder) {}
  }
  const prototype = ForwardingController.prototype as unknown as Record<string, Handler>;
  for (const route of routes) {
    if (route.handler !== 'forward' || !route.rpc) continue;
    const rpcRoute = route as RouteDefinition & { rpc: string };
    Object.defineProperty(prototype, route.name, {
      value: function (this: ForwardingController, request: FastifyRequest, reply: FastifyReply) {
        return forwardingHandler(rpcRoute, () => this.forwarder)(request, reply);
      },
      writable: true,
      configurable: true,
    });
    const descriptor = Object.getOwnPropertyDescriptor(prototype, route.name)!;
    HttpRoute(route)(prototype, route.name, descriptor);
    Req()(prototype, route.name, 0);
    Res({ passthrough: true })(prototype, route.name, 1);
  }
  Controller()(ForwardingController);
  return ForwardingController;
}
