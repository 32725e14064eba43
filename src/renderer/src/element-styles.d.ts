/** An Element Plus component's styles, imported for their effect when the component is loaded from code. */
declare module 'element-plus/es/components/*/style/css'
