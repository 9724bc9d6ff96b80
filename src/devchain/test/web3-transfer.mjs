// Sends a SOL transfer with @solana/web3.js 1.x sendAndConfirmTransaction against the dev chain given as
// argv[2]. web3.js needs the PubSub websocket on port+1 (signatureSubscribe), getBlockHeight polling and
// string request ids: this checks all of them. Prints one JSON line.
import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction, sendAndConfirmTransaction } from '@solana/web3.js';

const connection = new Connection(process.argv[2], 'confirmed');
const alice = Keypair.generate();
const bob = Keypair.generate();
const airdrop = await connection.requestAirdrop(alice.publicKey, 2 * LAMPORTS_PER_SOL);
await connection.confirmTransaction({ signature: airdrop, ...(await connection.getLatestBlockhash()) }, 'confirmed');
const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: alice.publicKey, toPubkey: bob.publicKey, lamports: 250_000_000 }));
const signature = await sendAndConfirmTransaction(connection, tx, [alice], { commitment: 'confirmed' });
console.log(JSON.stringify({ signature, bob: await connection.getBalance(bob.publicKey), alice: await connection.getBalance(alice.publicKey) }));
process.exit(0);
