// Camera scanning where the browser has BarcodeDetector (Chrome on Android); typing always works.
(() => {
  const button = document.querySelector("[data-scan]");
  const video = document.querySelector("[data-video]");
  if (!button || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const tick = async () => {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) {
        stream.getTracks().forEach((t) => t.stop());
        const input = document.getElementById("checkin-code");
        input.value = codes[0].rawValue;
        input.form.submit();
        return;
      }
      requestAnimationFrame(tick);
    };
    tick();
  });
})();
