/** Messages of the welcome screen, the activation wizard, sign-in and the lock screen. */
const activation = {}

export default activation
