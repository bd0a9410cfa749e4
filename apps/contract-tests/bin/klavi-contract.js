#!/usr/bin/env node
import { main, runToExit } from '../dist/cli.js';

runToExit('klavi-contract', () => main(process.argv.slice(2)));
