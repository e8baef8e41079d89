/**
 * `node --import <this file>`: records every module specifier the program
 * resolves (and where it resolved to) into the file named by
 * WCN_RECORD_IMPORTS, one `specifier<TAB>url` per line.
 */
import { register } from 'node:module';

register('./hooks.js', import.meta.url);
