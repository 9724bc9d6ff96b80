// JSON-RPC 2.0 dispatch: single and batch requests, ids echoed unchanged, Solana's error codes.
import { RpcError, RpcCode } from './errors.mjs';

function handleOne(methods, request, log) {
  const id = request && typeof request === 'object' && 'id' in request ? request.id : null;
  if (!request || typeof request !== 'object' || request.jsonrpc !== '2.0' || typeof request.method !== 'string') {
    return { jsonrpc: '2.0', error: { code: RpcCode.InvalidRequest, message: 'Invalid request' }, id };
  }
  const method = Object.hasOwn(methods, request.method) ? methods[request.method] : null;
  if (!method) {
    return { jsonrpc: '2.0', error: { code: RpcCode.MethodNotFound, message: 'Method not found' }, id };
  }
  const params = request.params === undefined ? [] : request.params;
  if (!Array.isArray(params)) {
    return { jsonrpc: '2.0', error: { code: RpcCode.InvalidParams, message: 'Invalid params: expected an array of parameters' }, id };
  }
  try {
    const result = method(params);
    return { jsonrpc: '2.0', result: result === undefined ? null : result, id };
  } catch (e) {
    if (e instanceof RpcError) {
      const error = { code: e.code, message: e.message };
      if (e.data !== undefined) error.data = e.data;
      return { jsonrpc: '2.0', error, id };
    }
    if (e instanceof TypeError) {
      return { jsonrpc: '2.0', error: { code: RpcCode.InvalidParams, message: `Invalid params: ${e.message}` }, id };
    }
    log?.(`internal error in ${request.method}: ${e?.stack ?? e}`);
    return { jsonrpc: '2.0', error: { code: RpcCode.InternalError, message: `Internal error: ${e?.message ?? e}` }, id };
  }
}

/** Handles a parsed request body (an object or a batch array); returns the response body. */
export function dispatch(methods, body, log) {
  if (Array.isArray(body)) {
    if (body.length === 0) return { jsonrpc: '2.0', error: { code: RpcCode.InvalidRequest, message: 'Invalid request' }, id: null };
    return body.map((request) => handleOne(methods, request, log));
  }
  return handleOne(methods, body, log);
}

export const parseError = () => ({ jsonrpc: '2.0', error: { code: RpcCode.ParseError, message: 'Parse error' }, id: null });
