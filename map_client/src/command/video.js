// The video player: a panel over the map with a <video>. HLS playlists (.m3u8) play through hls.js
// (Media Source Extensions; Chromium has no native HLS); hls.js is loaded only when a stream is
// opened, so the command view's first draw does not wait for it. Another kind of link opens in a
// new tab: we cannot play what we do not understand.
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';

export const isHls = (cam) => cam.stream_kind === 'hls' || /\.m3u8(\?|$)/i.test(cam.stream_url || '');

export class VideoPlayer {
  constructor(container, { open = (url) => window.open(url, '_blank', 'noopener') } = {}) {
    this.container = container;
    this.openLink = open;
    this.hls = null;
  }

  async play(cam) {
    if (!cam.stream_url) return null;
    if (!isHls(cam)) {
      this.openLink(cam.stream_url);
      return 'link';
    }
    this.close();
    this.video = h('video.cmd-video', { muted: true, autoplay: true, playsInline: true, controls: true });
    this.video.muted = true; // browsers only autoplay muted video
    this.status = h('div.cmd-meta.video-status', { text: t('cmdVideoLoading') });
    this.el = h('section.panel.cmd-video-panel', { dataset: { camera: cam.id }, role: 'dialog', 'aria-label': cam.name },
      h('div.cmd-row', {}, h('h2.panel-title', { text: cam.name }),
        h('button.cmd-button.close', { type: 'button', text: t('cmdClose'), onclick: () => this.close() })),
      this.video, this.status);
    this.container.append(this.el);
    const { default: Hls } = await import('hls.js');
    if (Hls.isSupported()) {
      this.hls = new Hls({ enableWorker: true, lowLatencyMode: false });
      this.hls.on(Hls.Events.ERROR, (_e, data) => {
        if (data && data.fatal) this.status.textContent = `${t('cmdVideoFailed')}（${data.details || data.type}）`;
      });
      this.hls.loadSource(cam.stream_url);
      this.hls.attachMedia(this.video);
    } else if (this.video.canPlayType('application/vnd.apple.mpegurl')) {
      this.video.src = cam.stream_url;
    } else {
      this.status.textContent = t('cmdVideoUnsupported');
      return 'unsupported';
    }
    this.video.addEventListener('playing', () => { this.status.textContent = ''; }, { once: true });
    this.video.play().catch(() => {});
    return 'hls';
  }

  close() {
    if (this.hls) this.hls.destroy();
    this.hls = null;
    if (this.el) this.el.remove();
    this.el = null;
    this.video = null;
  }
}
