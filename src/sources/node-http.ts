// node:http without its ES module facade. `import http from 'node:http'` makes Node build a module namespace of
// node:http, which reads every export: its WebSocket, CloseEvent and MessageEvent getters then load Node's bundled
// undici (about 40 ms of start-up and 3 MB of heap, for a WebSocket the feed reader never opens). The bot's own
// undici (chat platforms) is another copy, loaded only when a platform is configured.
// test/integration/startup-modules.test.ts checks that a console-only bot loads neither.
export const http = process.getBuiltinModule('node:http');
