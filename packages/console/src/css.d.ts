/** Stylesheets imported as text (the build's `css-as-text` plugin), for constructed stylesheets. */
declare module '*.css' {
  const text: string;
  export default text;
}
