/**
 * Names a shipped function may use without passing them in: the globals
 * every JavaScript realm has, and those every worker (browser or Node
 * through `web-worker`) provides. Anything else it does not declare itself
 * is a closure over the sender's scope, which a worker cannot see.
 */
const LANGUAGE = `globalThis Infinity NaN undefined eval isFinite isNaN parseFloat parseInt
decodeURI decodeURIComponent encodeURI encodeURIComponent escape unescape AggregateError Array
ArrayBuffer AsyncDisposableStack Atomics BigInt BigInt64Array BigUint64Array Boolean DataView Date
DisposableStack Error EvalError FinalizationRegistry Float16Array Float32Array Float64Array
Function Int8Array Int16Array Int32Array Intl Iterator JSON Map Math Number Object Promise Proxy
RangeError ReferenceError Reflect RegExp Set SharedArrayBuffer String SuppressedError Symbol
SyntaxError TypeError Uint8Array Uint8ClampedArray Uint16Array Uint32Array URIError WeakMap
WeakRef WeakSet WebAssembly`;

const WORKER = `self console performance crypto setTimeout clearTimeout setInterval clearInterval
queueMicrotask structuredClone atob btoa fetch Request Response Headers FormData URL
URLSearchParams TextEncoder TextDecoder Blob AbortController AbortSignal Event EventTarget
DOMException navigator MessageChannel MessagePort BroadcastChannel ReadableStream WritableStream
TransformStream CompressionStream DecompressionStream postMessage addEventListener
removeEventListener`;

export const WORKER_GLOBALS: ReadonlySet<string> = new Set(`${LANGUAGE} ${WORKER}`.split(/\s+/));
