/** Every text of the console, in English and in French. */
export const en = {
  appTitle: 'Tract console',
  skipToContent: 'Skip to content',
  language: 'Language',
  signOut: 'Sign out',
  signedInAs: (name: string, role: string) => `Signed in as ${name} (${role})`,
  roles: { admin: 'admin', organizer: 'organizer' } as Record<string, string>,
  nav: 'Console sections',
  signIn: {
    title: 'Sign in',
    intro:
      'Paste the admin or organizer token your relay gave you. It stays in this tab only, and is forgotten when you sign out or close the tab.',
    token: 'Token',
    submit: 'Sign in',
    empty: 'Paste a token first.',
    refused: 'This token opens nothing: it is unknown, revoked or expired.',
    unreachable: 'The relay does not answer. Check that it runs, then try again.',
  },
  loading: 'Loading…',
  failed: (message: string) => `Could not load: ${message}`,
};

export type Texts = typeof en;

export const fr: Texts = {
  appTitle: 'Console Tract',
  skipToContent: 'Aller au contenu',
  language: 'Langue',
  signOut: 'Se déconnecter',
  signedInAs: (name, role) => `Connecté·e : ${name} (${role})`,
  roles: { admin: 'admin', organizer: 'organisateur·ice' },
  nav: 'Sections de la console',
  signIn: {
    title: 'Connexion',
    intro:
      'Collez le jeton admin ou organisateur que votre relais vous a donné. Il reste dans cet onglet seulement, et il est oublié quand vous vous déconnectez ou fermez l’onglet.',
    token: 'Jeton',
    submit: 'Se connecter',
    empty: 'Collez d’abord un jeton.',
    refused: 'Ce jeton n’ouvre rien : il est inconnu, révoqué ou expiré.',
    unreachable: 'Le relais ne répond pas. Vérifiez qu’il tourne, puis réessayez.',
  },
  loading: 'Chargement…',
  failed: (message) => `Chargement impossible : ${message}`,
};
