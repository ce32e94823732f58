/**
 * The page's language switch. The Tract widgets need nothing from it: they
 * follow the `lang` of <html> on their own, so switching re-renders them in place.
 */
const switcher = document.getElementById('lang-switch');

function applyLanguage(lang) {
  document.documentElement.lang = lang;
  const other = lang === 'fr' ? 'en' : 'fr';
  switcher.textContent = other === 'en' ? 'English' : 'Français';
  switcher.lang = other;
}

applyLanguage(new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'fr');

switcher.addEventListener('click', () => {
  const lang = document.documentElement.lang === 'fr' ? 'en' : 'fr';
  applyLanguage(lang);
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(null, '', url);
});
