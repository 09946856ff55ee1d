"""#28's anchor: the page's reverse-task training (Pre-LN, L 6, d 64, heads 4, T 8, B 32, Adam,
the 512-sequence test set measured every 25 steps) in JAX jit (XLA, AVX2 + FMA) on this machine,
in steps per second of wall time — what the page's `transformer_train` bench prints, for the
same work. `python3 -m venv v && v/bin/pip install 'jax[cpu]'`, then
`v/bin/python tools/reverse_step_jax.py` (both cores) or, on one core,
`XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" taskset -c 0 v/bin/python ...`.
Weights and data are drawn with numpy, not the reference's streams: only the speed matters."""
import time, json
import numpy as np, jax, jax.numpy as jnp

L, d, nh, T, B, V = 6, 64, 4, 8, 32, 16
rng = np.random.default_rng(0)
def xav(a, b): return rng.normal(0, np.sqrt(2 / (a + b)), (a, b)).astype(np.float32)
params = {"E": rng.normal(0, 1, (V, d)).astype(np.float32), "P": rng.normal(0, 1, (T, d)).astype(np.float32),
          "blocks": [dict(q=xav(d, d), k=xav(d, d), v=xav(d, d), o=xav(d, d), w1=xav(d, 4 * d), b1=np.zeros(4 * d, np.float32),
                          w2=xav(4 * d, d), b2=np.zeros(d, np.float32), g1=np.ones(d, np.float32), be1=np.zeros(d, np.float32),
                          g2=np.ones(d, np.float32), be2=np.zeros(d, np.float32)) for _ in range(L)],
          "gf": np.ones(d, np.float32), "bf": np.zeros(d, np.float32), "Wh": xav(d, V), "bh": np.zeros(V, np.float32)}
params = jax.tree_util.tree_map(jnp.asarray, params)

def ln(x, g, b):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / jnp.sqrt(v + 1e-5) * g + b

def attn(u, p):
    B = u.shape[0]
    q, k, v = u @ p["q"], u @ p["k"], u @ p["v"]
    sh = lambda t: t.reshape(B, T, nh, d // nh).transpose(0, 2, 1, 3)
    s = sh(q) @ sh(k).transpose(0, 1, 3, 2) / np.sqrt(d // nh)
    a = jax.nn.softmax(s, -1) @ sh(v)
    return a.transpose(0, 2, 1, 3).reshape(B, T, d) @ p["o"]

def logits_of(p, s):
    x = p["E"][s] + p["P"]
    for b in p["blocks"]:
        x = x + attn(ln(x, b["g1"], b["be1"]), b)
        x = x + jax.nn.gelu(ln(x, b["g2"], b["be2"]) @ b["w1"] + b["b1"], approximate=False) @ b["w2"] + b["b2"]
    return ln(x, p["gf"], p["bf"]) @ p["Wh"] + p["bh"]

def loss_fn(p, s, t):
    logits = logits_of(p, s)
    return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), t[..., None], -1))

def adam(p, g, m, v, t, lr=3e-3):
    m = jax.tree_util.tree_map(lambda m, g: 0.9 * m + 0.1 * g, m, g)
    v = jax.tree_util.tree_map(lambda v, g: 0.999 * v + 0.001 * g * g, v, g)
    p = jax.tree_util.tree_map(lambda p, m, v: p - lr * (m / (1 - 0.9 ** t)) / (jnp.sqrt(v / (1 - 0.999 ** t)) + 1e-8), p, m, v)
    return p, m, v

@jax.jit
def step(p, m, v, t, s):
    l, g = jax.value_and_grad(loss_fn)(p, s, s[:, ::-1])
    p, m, v = adam(p, g, m, v, t)
    return p, m, v, l

@jax.jit
def test_accuracy(p, s):
    return jnp.mean(jnp.argmax(logits_of(p, s), -1) == s[:, ::-1])

MEASURE_EVERY, TEST = 25, jnp.asarray(rng.integers(0, V, (512, T)))
m = jax.tree_util.tree_map(jnp.zeros_like, params); v = jax.tree_util.tree_map(jnp.zeros_like, params)
toks = jnp.asarray(rng.integers(0, V, (2000, B, T)))
p, m, v, l = step(params, m, v, 1.0, toks[0]); test_accuracy(p, TEST).block_until_ready()
times = []
for rep in range(7):
    t0 = time.perf_counter()
    for i in range(200):
        p, m, v, l = step(p, m, v, float(i + 2), toks[i])
        if (i + 1) % MEASURE_EVERY == 0:
            acc = test_accuracy(p, TEST)
    acc.block_until_ready()
    times.append(200 / (time.perf_counter() - t0))
print(json.dumps({"steps_per_second": sorted(times), "median": sorted(times)[3], "loss": float(l), "test_accuracy": float(acc)}))
