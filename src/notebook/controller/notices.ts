/**
 * The `[data-notebook-notice]` region: the latest event (a restart) followed
 * by the standing isolation note, if the page is not isolated.
 */
export class NoticeBoard {
  readonly #element: HTMLElement | null;
  readonly #standing: string;
  #event = '';

  /**
   * A page served without isolation gets a standing note: the element's `data-not-isolated`,
   * which the build wrote in the page's language.
   */
  constructor(element: HTMLElement | null, crossOriginIsolated: boolean) {
    this.#element = element;
    this.#standing = crossOriginIsolated ? '' : (element?.getAttribute('data-not-isolated') ?? '');
    // A polite status region: restarts are announced once, without interrupting.
    element?.setAttribute('role', 'status');
    this.#render();
  }

  /** Replaces the event message (empty string: none). */
  show(message: string): void {
    this.#event = message;
    this.#render();
  }

  /** The text currently shown. */
  get text(): string {
    return [this.#event, this.#standing].filter(Boolean).join(' ');
  }

  #render(): void {
    if (this.#element === null) return;
    this.#element.textContent = this.text;
    this.#element.hidden = this.text === '';
  }
}
