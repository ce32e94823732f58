#!/usr/bin/env node
// The built CLI (`npm run build -w packages/relay` writes dist/).
import '../dist/main.js';
