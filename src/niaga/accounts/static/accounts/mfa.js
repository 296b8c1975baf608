// A passkey prompt that fails or is cancelled says so on the page (allauth's webauthn.js only
// writes to the console unless someone handles its "allauth.error" event).
(function () {
  document.addEventListener('allauth.error', function (event) {
    const box = document.getElementById('mfa-js-error')
    if (!box) return
    event.preventDefault()
    const name = event.detail && event.detail.exception && event.detail.exception.name
    box.textContent = name === 'NotAllowedError'
      ? 'Passkey dibatalkan atau waktunya habis. Coba lagi.'
      : 'Passkey tidak bisa dipakai di peramban ini. Pakai kode dari aplikasi autentikator.'
    box.hidden = false
  })
})()
