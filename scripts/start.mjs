/** `npm start`: the demo. Until the relay lands this only explains itself. */
console.log('Tract: the relay demo is being built (see packages/relay).');
