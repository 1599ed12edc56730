#!/usr/bin/env node
import { buildRedialApp } from '../lib/redial-app';

buildRedialApp();
