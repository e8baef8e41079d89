/**
 * The demo capture with hostile names for an HTML page: the names of the
 * injection tests (quotes, PowerShell, terminal escapes, bidi) joined with
 * markup and script that would run if a name ever became HTML.
 */
import { FIXED_HOSTILE_NAMES, hostileDemo } from '../security/injection-helpers.js';

/** Each would change the page, or run, if it reached it as markup: it sets window.__pwned. */
export const HTML_ATTACKS: readonly string[] = [
  '<script>window.__pwned="script"</script>',
  '<img src=x onerror="window.__pwned=\'img\'">',
  '"><svg onload="window.__pwned=\'svg\'">',
  "'><body onload=window.__pwned='body'>",
  '</code></pre></details></section><script>window.__pwned="close"</script>',
  '</title></style></textarea></script><script>window.__pwned="raw"</script>',
  '</text></svg><script>window.__pwned="svg-text"</script>',
  '<a href="javascript:window.__pwned=\'link\'">click</a>',
  '<iframe srcdoc="<script>parent.__pwned=\'frame\'</script>"></iframe>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
  '<base href="http://evil.example/"><link rel="stylesheet" href="http://evil.example/x.css">',
  '<style>body{background:url(http://evil.example/p.png)}</style>',
  '<!-- -->]]><![CDATA[ &lt;b&gt; &#60;i&#62; &amp;',
  '{{constructor.constructor("window.__pwned=\'tpl\'")()}} ${window.__pwned="es"}',
];

export const EVIL_HTML = [...HTML_ATTACKS, ...FIXED_HOSTILE_NAMES].join('');

export const hostileHtmlCapture = () => hostileDemo(EVIL_HTML);
