/**
 * @myblog/local-http: the small HTTP layer every local server stands on (node:http only). Each
 * piece is separate so a hot path can take only what it needs: the AWS JSON server of
 * @myblog/stepfunctions-local uses the body limit, listening and closing, and keeps its own
 * protocol; the dev runtime's gates and gateways use all of it.
 */
export {
  BadRequest,
  ClientGone,
  CrossSiteRequest,
  HttpError,
  MethodNotAllowed,
  MisdirectedRequest,
  NotFound,
  PayloadTooLarge,
  UnsupportedMediaType,
} from './errors';
export { BodyBudget, type BodyLimits, readBody, readText } from './body';
export { type Matched, type PathParams, Router } from './router';
export { type Problem, problemOf, sendJson, sendProblem, sendText } from './answers';
export { decodeUrlPart, requestUrl } from './request-url';
export { checkBrowserOrigin, checkHost, isLoopbackOrigin, loopbackHosts, type OriginPolicy } from './guards';
export {
  closeServer,
  holdIdleConnections,
  type ListenOptions,
  type Listening,
  listenOnLoopback,
} from './listen';
export { type AnswerError, type Handler, handleWith, InternalServerError } from './handle';
export { TurnEndWriter } from './turn-end-writer';
