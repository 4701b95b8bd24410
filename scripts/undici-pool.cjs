// What kfm's CLI takes from undici, for the bundle: `Pool` (kfm sends through its `dispatch()`, never
// `request()`) and `errors`. undici's index.js also loads fetch, WebSocket, the cookie and cache
// stores, the mock agents, every other dispatcher and the request()/stream() API with the web body
// mixins: about a third of `kfm eval`'s module loading before its first request.
// scripts/bundle.mjs resolves `undici` to this file; the library (dist/) still imports undici itself.
"use strict";

module.exports.Pool = require("undici/lib/dispatcher/pool");
module.exports.errors = require("undici/lib/core/errors");
