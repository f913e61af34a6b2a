/**
 * Every string the site itself shows a reader on a lesson page and on the home page, in
 * English and Japanese: the notebook's toolbar, cells, statuses, notices and messages, the
 * access status and the home page. Output of a cell's own code is never translated.
 *
 * One `Record<Lang, …>` per part of the site, so a key missing in one language fails `tsc`
 * and a bundle carries only the parts its code reads (the page's first script reads `boot`
 * alone). Parametrised messages are functions.
 *
 * A leaf: it imports nothing, so build-time markup, page scripts and tests share it.
 */

/** The site's languages: English at the root, Japanese under `/ja/`. */
export type Lang = 'en' | 'ja';

/** Every language, in the order the site lists them. */
export const LANGS: readonly Lang[] = ['en', 'ja'];

/** A part of the dictionary: the same keys in every language. */
export type Dictionary<Part> = Readonly<Record<Lang, Readonly<Part>>>;

/** The language of a BCP 47 tag (`<html lang>`, Astro's locale): `ja…` is Japanese, the rest English. */
export function langOfTag(tag: string | null | undefined): Lang {
  return /^ja(?:-|$)/iu.test(tag ?? '') ? 'ja' : 'en';
}

/** The language of the page `node` belongs to, from its `<html lang>`. */
export function pageLang(node: Node): Lang {
  const doc = node.nodeType === 9 ? (node as Document) : node.ownerDocument;
  return langOfTag(doc?.documentElement.lang);
}

/** The language of a lesson file: one under `content/lessons/ja/` is Japanese. */
export function lessonFileLang(path: string): Lang {
  return /(?:^|\/)content\/lessons\/ja\//u.test(path.replaceAll('\\', '/')) ? 'ja' : 'en';
}

/** The notebook toolbar before the first cell (built into the page). */
export interface ToolbarText {
  label: string;
  runAll: string;
  interrupt: string;
  restart: string;
  noscript: string;
}

/** `ToolbarText` in every language. */
export const TOOLBAR: Dictionary<ToolbarText> = {
  en: {
    label: 'Notebook',
    runAll: 'Run all',
    interrupt: 'Interrupt',
    restart: 'Restart',
    noscript: 'Running cells needs JavaScript. The code and its expected output are shown below.',
  },
  ja: {
    label: 'ノートブック',
    runAll: 'すべて実行',
    interrupt: '中断',
    restart: '再起動',
    noscript:
      'セルを実行するには JavaScript が必要です。コードと期待される出力は下に表示しています。',
  },
};

/** A cell's own markup (built into the page). */
export interface CellText {
  label(id: string): string;
  run: string;
  edited: string;
  revert: string;
  predictSummary: string;
  shapeNote: string;
  throwsNote: string;
}

/** `CellText` in every language. */
export const CELL: Dictionary<CellText> = {
  en: {
    label: (id) => `Cell ${id}`,
    run: 'Run',
    edited: 'edited',
    revert: 'Revert',
    predictSummary: 'Predict the output, then run the cell (or show the expected output)',
    shapeNote: 'Output varies; checked by shape',
    throwsNote: 'This cell is meant to throw',
  },
  ja: {
    label: (id) => `セル ${id}`,
    run: '実行',
    edited: '編集済み',
    revert: '元に戻す',
    predictSummary:
      '出力を予想してからセルを実行してください（期待される出力を表示することもできます）',
    shapeNote: '出力は実行ごとに変わるため、形だけを照合します',
    throwsNote: 'このセルは例外を投げるのが正しい動作です',
  },
};

/**
 * What the cells' stylesheet (src/styles/cells.css, output.css) writes with `content`, per
 * `:lang()`; tests/unit/i18n/ui.test.ts holds the stylesheets to these.
 */
export interface StyleText {
  queued: string;
  running: string;
  error: string;
  interrupted: string;
  exercise: string;
  expectedOutput: string;
  thrownLate: string;
}

/** `StyleText` in every language. */
export const STYLE: Dictionary<StyleText> = {
  en: {
    queued: 'queued',
    running: 'running…',
    error: 'error',
    interrupted: 'interrupted',
    exercise: 'Exercise',
    expectedOutput: 'Expected output',
    thrownLate: 'Thrown after the cell finished',
  },
  ja: {
    queued: '待機中',
    running: '実行中…',
    error: 'エラー',
    interrupted: '中断',
    exercise: '演習',
    expectedOutput: '期待される出力',
    thrownLate: 'セルの終了後に投げられた例外',
  },
};

/**
 * What the page's first script says (src/notebook/controller/boot-notebook.ts, notices.ts).
 * The build writes these into the page's markup in its language (`data-cell-edit-label`,
 * the notice's `data-not-isolated` and `data-could-not-run`), so that script carries none
 * of the dictionary: it must stay within the page's budget of JavaScript.
 */
export interface BootText {
  codeLabel(id: string): string;
  /** Followed by the error. */
  couldNotRun: string;
  notIsolated: string;
}

/** `BootText` in every language. */
export const BOOT: Dictionary<BootText> = {
  en: {
    codeLabel: (id) => `Code of cell ${id}, press Enter to edit`,
    couldNotRun: 'The notebook could not run:',
    notIsolated:
      'This page is not cross-origin isolated: interrupt falls back to restarting the kernel for busy loops, and shared-memory lessons are unavailable. Cells still run.',
  },
  ja: {
    codeLabel: (id) => `セル ${id} のコード。Enter キーで編集します`,
    couldNotRun: 'ノートブックを実行できませんでした:',
    notIsolated:
      'このページはクロスオリジン分離されていません。ループが止まらないときの中断はカーネルの再起動で代え、共有メモリを使うレッスンは動きません。セルの実行はできます。',
  },
};

/** The kernel's state, as the toolbar shows it. */
export interface KernelStatusText {
  off: string;
  starting: string;
  idle: string;
  busy: string;
  restarting: string;
  failed: string;
}

/** `KernelStatusText` in every language. */
export const KERNEL_STATUS: Dictionary<KernelStatusText> = {
  en: {
    off: 'Kernel not started',
    starting: 'Kernel starting…',
    idle: 'Kernel idle',
    busy: 'Kernel busy',
    restarting: 'Kernel restarting…',
    failed: 'Kernel failed; press Restart to try again',
  },
  ja: {
    off: 'カーネル未起動',
    starting: 'カーネル起動中…',
    idle: 'カーネル待機中',
    busy: 'カーネル実行中',
    restarting: 'カーネル再起動中…',
    failed: 'カーネルが停止しました。再起動を押してやり直してください',
  },
};

/** The notice region's events (src/notebook/controller/kernel-notices.ts). */
export interface NoticeText {
  restartedAfterInterrupt: string;
  restartedByReader: string;
  unresponsive: string;
  closed: string;
  restartedFallback: string;
  /** `said`: the kernel's own sentence on why it restarted. */
  runEarlierAgain(said: string): string;
}

/** `NoticeText` in every language. */
export const NOTICE: Dictionary<NoticeText> = {
  en: {
    restartedAfterInterrupt:
      'The kernel was restarted because the cell did not stop in time; variables from earlier cells are gone. Run them again.',
    restartedByReader:
      'The kernel was restarted and all outputs were cleared; variables from earlier cells are gone.',
    unresponsive:
      'The kernel has stopped answering: the running cell may be stuck where Interrupt cannot reach it, such as a promise chain that re-queues itself forever, or the kernel has died. Interrupt or Restart will start a fresh kernel; variables from earlier cells will be lost.',
    closed:
      'A cell closed the kernel (`self.close()`), so no cell can run in it any more. Interrupt or Restart will start a fresh kernel; variables from earlier cells will be lost.',
    restartedFallback: 'The kernel was restarted; variables from earlier cells are gone.',
    runEarlierAgain: (said) => `${said} Run the earlier cells again.`,
  },
  ja: {
    restartedAfterInterrupt:
      'セルが時間内に止まらなかったため、カーネルを再起動しました。前のセルで定義した変数は消えています。もう一度実行してください。',
    restartedByReader:
      'カーネルを再起動し、すべての出力を消去しました。前のセルで定義した変数は消えています。',
    unresponsive:
      'カーネルが応答しなくなりました。自分自身を際限なく登録し直す Promise チェーンのように、実行中のセルが中断の届かない所で止まっているか、カーネルが終了しています。中断または再起動で新しいカーネルを起動します。前のセルで定義した変数は失われます。',
    closed:
      'セルがカーネルを閉じた（`self.close()`）ため、このカーネルではもうセルを実行できません。中断または再起動で新しいカーネルを起動します。前のセルで定義した変数は失われます。',
    restartedFallback: 'カーネルを再起動しました。前のセルで定義した変数は消えています。',
    runEarlierAgain: (said) => `${said}前のセルをもう一度実行してください。`,
  },
};

/** What the kernel client puts in a cell's output or the notice (src/notebook/kernel-client.ts). */
export interface KernelText {
  restartedStuck: string;
  restartedUnresponsive: string;
  closedByCell: string;
  restarted: string;
  closed: string;
  failed: string;
  failedBecause(detail: string): string;
  didNotStart(ms: number): string;
  timedOut(ms: number): string;
}

/** `KernelText` in every language. */
export const KERNEL: Dictionary<KernelText> = {
  en: {
    restartedStuck: 'The kernel was restarted because the cell did not stop; variables were lost.',
    restartedUnresponsive:
      'The kernel had stopped answering, so a fresh one was started; variables were lost.',
    closedByCell:
      'The kernel was closed by a cell (`self.close()`); Interrupt or Restart starts a fresh kernel.',
    restarted: 'The kernel was restarted; variables were lost.',
    closed: 'The kernel was closed.',
    failed: 'The kernel failed',
    failedBecause: (detail) => `The kernel failed: ${detail}`,
    didNotStart: (ms) => `The kernel did not start within ${ms} ms`,
    timedOut: (ms) => `The cell did not finish within ${ms} ms and was interrupted`,
  },
  ja: {
    restartedStuck: 'セルが止まらなかったため、カーネルを再起動しました。変数は失われました。',
    restartedUnresponsive:
      'カーネルが応答しなくなったため、新しいカーネルを起動しました。変数は失われました。',
    closedByCell:
      'セルがカーネルを閉じました（`self.close()`）。中断または再起動で新しいカーネルを起動します。',
    restarted: 'カーネルを再起動しました。変数は失われました。',
    closed: 'カーネルを閉じました。',
    failed: 'カーネルが停止しました',
    failedBecause: (detail) => `カーネルが停止しました: ${detail}`,
    didNotStart: (ms) => `カーネルが ${ms} ms 以内に起動しませんでした`,
    timedOut: (ms) => `セルが ${ms} ms 以内に終わらなかったため、中断しました`,
  },
};

/** A run's output compared with the expected output (src/notebook/controller/expected-check.ts). */
export interface VerdictText {
  matches: string;
  showExpected: string;
  hideExpected: string;
}

/** `VerdictText` in every language. */
export const VERDICT: Dictionary<VerdictText> = {
  en: {
    matches: 'Matches the expected output',
    showExpected: 'Show expected output',
    hideExpected: 'Hide expected output',
  },
  ja: {
    matches: '期待される出力と一致しました',
    showExpected: '期待される出力を表示',
    hideExpected: '期待される出力を隠す',
  },
};

/** The editor, its type diagnostics and the lesson-changed notice (loaded on the first edit). */
export interface EditorText {
  codeLabel(id: string): string;
  diagnostic(code: number, line: number, message: string): string;
  notesTitle(count: number): string;
  errorsTitle(count: number): string;
  ranWithErrors: string;
  overloads(active: number, total: number): string;
  changedLabel(id: string): string;
  changedExplanation: string;
  yourCode: string;
  lessonCode: string;
  revertToLesson: string;
  keepMine: string;
}

/** `EditorText` in every language. */
export const EDITOR: Dictionary<EditorText> = {
  en: {
    codeLabel: (id) => `Code of cell ${id}`,
    diagnostic: (code, line, message) => `TS${code} line ${line}: ${message}`,
    notesTitle: (count) => `TypeScript notes (${count})`,
    errorsTitle: (count) => `Type errors (${count}); the cell still runs`,
    ranWithErrors: 'Warning: type errors; the cell ran anyway',
    overloads: (active, total) => `${active} of ${total} overloads`,
    changedLabel: (id) => `The lesson changed cell ${id}`,
    changedExplanation:
      'The lesson’s code for this cell has changed since you edited it. Your code is kept; compare them below.',
    yourCode: 'Your code',
    lessonCode: 'The lesson’s code now',
    revertToLesson: 'Revert to the lesson’s code',
    keepMine: 'Keep my code',
  },
  ja: {
    codeLabel: (id) => `セル ${id} のコード`,
    diagnostic: (code, line, message) => `TS${code} ${line} 行目: ${message}`,
    notesTitle: (count) => `TypeScript の注意（${count} 件）`,
    errorsTitle: (count) => `型エラー（${count} 件）。セルは実行できます`,
    ranWithErrors: '警告: 型エラーがありますが、セルは実行されました',
    overloads: (active, total) => `オーバーロード ${total} 個中 ${active} 個目`,
    changedLabel: (id) => `レッスンのセル ${id} が変更されました`,
    changedExplanation:
      'あなたが編集した後で、このセルのレッスンのコードが変更されました。あなたのコードはそのまま残しています。下で両者を比べてください。',
    yourCode: 'あなたのコード',
    lessonCode: '現在のレッスンのコード',
    revertToLesson: 'レッスンのコードに戻す',
    keepMine: '自分のコードを残す',
  },
};

/** Rich output the page draws (src/notebook/render/render-display.ts). */
export interface OutputText {
  couldNotShow(error: string): string;
  progress: string;
  /** Output beyond the kernel's cap (src/notebook/render/output-view.ts). */
  dropped(chars: number): string;
  /** Where an error points in a cell, right after `at <cell>:<line>:<column>`. */
  position(line: number, column: number): string;
}

/** `OutputText` in every language. */
export const OUTPUT: Dictionary<OutputText> = {
  en: {
    couldNotShow: (error) => `Could not show this output: ${error}`,
    progress: 'Progress',
    dropped: (chars) => `… ${chars} characters of output dropped`,
    position: (line, column) => ` (line ${line}, column ${column})`,
  },
  ja: {
    couldNotShow: (error) => `この出力を表示できませんでした: ${error}`,
    progress: '進捗',
    dropped: (chars) => `… 出力のうち ${chars} 文字を省略しました`,
    position: (line, column) => `（${line} 行 ${column} 列）`,
  },
};

/** The access status under the header (src/components/AccessStatus.astro). */
export interface AccessText {
  label: string;
  signedInAs: string;
  signOut: string;
  offlineBefore: string;
  offlineAfter: string;
  unreadableToken: string;
  expiredOn: string;
  until: string;
  signedOut: string;
}

/** `AccessText` in every language. */
export const ACCESS: Dictionary<AccessText> = {
  en: {
    label: 'Access',
    signedInAs: 'Signed in as',
    signOut: 'Sign out',
    offlineBefore: 'The language model on this site is the built-in offline one (',
    offlineAfter: '): lessons run in full, with made-up answers.',
    unreadableToken: 'an access token this page cannot read',
    expiredOn: 'expired on ',
    until: 'until ',
    signedOut: 'Signed out.',
  },
  ja: {
    label: 'アクセス',
    signedInAs: 'サインイン中:',
    signOut: 'サインアウト',
    offlineBefore: 'このサイトの言語モデルは組み込みのオフラインモデル（',
    offlineAfter: '）です。レッスンはすべて動きますが、答えは作り物です。',
    unreadableToken: 'このページでは読めないアクセストークン',
    expiredOn: '有効期限切れ: ',
    until: '有効期限: ',
    signedOut: 'サインアウトしました。',
  },
};

/** The home page (src/components/HomePage.astro) and the time shown atop each lesson. */
export interface HomeText {
  description: string;
  summary: string;
  lead: string;
  ready: string;
  planned: string;
  /** The link to the home page of the other edition. */
  otherEdition: string;
  otherEditionLang: Lang;
  readiness(ready: number, total: number): string;
  aboutMinutes(minutes: number): string;
}

/** `HomeText` in every language. */
export const HOME: Dictionary<HomeText> = {
  en: {
    description:
      'An interactive course on generators, async code, caching and parallelism, in TypeScript, running in your browser.',
    summary: 'The course home: every lesson in order.',
    lead: 'Generators, async code, caching and parallelism in TypeScript, with code cells that run in your browser. Each lesson shows the output every cell prints, so you can read it without running anything, and check your own code when you do.',
    ready: 'Ready',
    planned: 'Planned',
    otherEdition: '日本語版',
    otherEditionLang: 'ja',
    readiness(ready, total) {
      const planned = total - ready;
      if (total === 0) return 'No lessons yet.';
      if (planned === 0)
        return total === 1 ? 'The lesson is ready.' : `All ${total} lessons are ready.`;
      if (ready === 0) {
        return total === 1
          ? 'The lesson is not ready yet; it shows what it will cover.'
          : `None of the ${total} lessons is ready yet; each shows what it will cover.`;
      }
      const others =
        planned === 1
          ? 'the other one shows what it will cover'
          : `the other ${planned} show what they will cover`;
      return `${ready} of ${total} lessons ${ready === 1 ? 'is' : 'are'} ready; ${others}.`;
    },
    aboutMinutes: (minutes) => `About ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`,
  },
  ja: {
    description:
      'ジェネレータ、非同期処理、キャッシュ、並列処理を TypeScript で学ぶ、ブラウザで動く対話型の講座です。',
    summary: '講座のホーム: すべてのレッスンを順に並べています。',
    lead: 'ジェネレータ、非同期処理、キャッシュ、並列処理を TypeScript で学びます。コードセルはブラウザの中で動きます。各レッスンには各セルが出力する内容を載せているので、実行しなくても読み進められ、実行すれば自分のコードを確かめられます。',
    ready: '公開中',
    planned: '準備中',
    otherEdition: 'English',
    otherEditionLang: 'en',
    readiness(ready, total) {
      const planned = total - ready;
      if (total === 0) return 'レッスンはまだありません。';
      if (planned === 0)
        return total === 1 ? 'レッスンは公開中です。' : `全 ${total} レッスンを公開しています。`;
      if (ready === 0) {
        return total === 1
          ? 'レッスンは準備中です。扱う内容だけを載せています。'
          : `全 ${total} レッスンとも準備中です。どれも扱う内容だけを載せています。`;
      }
      return `全 ${total} レッスンのうち ${ready} レッスンを公開しています。残りの ${planned} レッスンは扱う内容だけを載せています。`;
    },
    aboutMinutes: (minutes) => `約 ${minutes} 分`,
  },
};
