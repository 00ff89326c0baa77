// Check-in by camera: frames of the camera's video are decoded in the page by jsQR (vendored, so every
// browser with a camera works, not only those with BarcodeDetector); a found code fills the ticket field
// and submits it. Typing a code always works. No inline script: the page's CSP allows only our files.
(() => {
  const button = document.querySelector("[data-scan]");
  const video = document.querySelector("[data-video]");
  const input = document.getElementById("checkin-code");
  const status = document.querySelector("[data-scan-status]");
  if (!button || !video || !input) return;

  // Decode one image (ImageData); exported for the browser test, which feeds it a QR image.
  const decode = (imageData) => {
    const found = window.jsQR && window.jsQR(imageData.data, imageData.width, imageData.height, { inversionAttempts: "attemptBoth" });
    return found && found.data ? found.data.trim() : "";
  };
  window.chuangfuCheckin = { decode };

  if (!window.jsQR || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  button.hidden = false;
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const say = (text) => { if (status) status.textContent = text; };

  button.addEventListener("click", async () => {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (error) {
      say("无法打开摄像头，请检查浏览器权限，或直接输入票码。");
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    button.hidden = true;
    say("请将电子票二维码对准摄像头…");
    await video.play();
    const tick = () => {
      if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth) {
        const scale = Math.min(1, 640 / video.videoWidth);  // small frames decode fast on phones
        canvas.width = Math.round(video.videoWidth * scale);
        canvas.height = Math.round(video.videoHeight * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const code = decode(context.getImageData(0, 0, canvas.width, canvas.height));
        if (code) {
          stream.getTracks().forEach((track) => track.stop());
          say(`已识别票码 ${code}`);
          input.value = code;
          input.form.submit();
          return;
        }
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
})();
