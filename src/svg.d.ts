// The builder inlines SVG files as strings, which is what LabIcon takes.
declare module '*.svg' {
  const svg: string;
  export default svg;
}
