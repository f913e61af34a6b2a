import { DISPLAY_HOOK, type DisplayEmitter, type DisplayHook } from '../../lib/display/hook.ts';

/**
 * Installs the hook through which `yieldbook/display` reaches this kernel.
 * `emitter` binds to the run current when it is called. Returns an uninstaller.
 */
export function installDisplayHook(scope: object, emitter: () => DisplayEmitter): () => void {
  const hook: DisplayHook = { emitter };
  Object.defineProperty(scope, DISPLAY_HOOK, { value: hook, configurable: true });
  return () => {
    Reflect.deleteProperty(scope, DISPLAY_HOOK);
  };
}
