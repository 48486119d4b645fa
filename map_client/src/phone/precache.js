// Which built files the phone's service worker precaches: the phone entry's own scripts and
// styles and every chunk and asset they import (from Vite's manifest), plus the phone icons
// Django serves — not the wall's or the editor's code, which a responder's phone never runs.
// Used by vite.config.js as a Workbox `manifestTransforms` step (Node, at build time).
import { readFileSync } from 'node:fs';

export const PHONE_ENTRY = 'src/phone/main.js';

/** Files (relative to dist/) reachable from `entry` in a Vite manifest. */
export function filesOf(manifest, entry = PHONE_ENTRY) {
  const files = new Set();
  const walk = (key) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const sheet of chunk.css || []) files.add(sheet);
    for (const asset of chunk.assets || []) files.add(asset);
    for (const imported of chunk.imports || []) walk(imported);
  };
  walk(entry);
  return files;
}

/** A Workbox manifest transform keeping only the phone shell; everything when no manifest yet. */
export function phoneShellOnly(manifestPath) {
  return async (entries) => {
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf-8'));
    } catch {
      return { manifest: entries, warnings: [`${manifestPath} not found: precaching every built file`] };
    }
    const keep = filesOf(manifest);
    return { manifest: entries.filter((e) => keep.has(e.url.replace(/^\/?static\//, '').replace(/^\//, ''))), warnings: [] };
  };
}
