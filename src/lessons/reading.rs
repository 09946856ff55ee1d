//! Section 9: the papers behind the lessons. The UI renders each `url` with
//! `target="_blank" rel="noopener"` (see [`super::markdown::EXTERNAL_LINK_REL`]).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    pub id: &'static str,
    pub title: &'static str,
    pub authors: &'static str,
    pub year: u16,
    pub venue: &'static str,
    pub url: &'static str,
    /// One line on what the paper adds.
    pub contribution: &'static str,
}

pub const FURTHER_READING: [Reference; 33] = [
    Reference {
        id: "hochreiter1991",
        title: "Untersuchungen zu dynamischen neuronalen Netzen",
        authors: "Sepp Hochreiter",
        year: 1991,
        venue: "Diploma thesis, TU München",
        url: "https://people.idsia.ch/~juergen/SeppHochreiter1991ThesisAdvisorSchmidhuber.pdf",
        contribution: "The first analysis of why back-propagated error signals vanish or explode over many steps.",
    },
    Reference {
        id: "bengio1994",
        title: "Learning long-term dependencies with gradient descent is difficult",
        authors: "Yoshua Bengio, Patrice Simard, Paolo Frasconi",
        year: 1994,
        venue: "IEEE Transactions on Neural Networks 5(2)",
        url: "https://doi.org/10.1109/72.279181",
        contribution: "Shows that recurrent networks trained by gradient descent struggle to learn long-range dependencies, because the gradient vanishes or explodes.",
    },
    Reference {
        id: "hochreiter1997",
        title: "Long Short-Term Memory",
        authors: "Sepp Hochreiter, Jürgen Schmidhuber",
        year: 1997,
        venue: "Neural Computation 9(8)",
        url: "https://doi.org/10.1162/neco.1997.9.8.1735",
        contribution: "Introduces the LSTM, whose gated memory cell gives the gradient a path that is not multiplied down at every step.",
    },
    Reference {
        id: "lecun1998",
        title: "Efficient BackProp",
        authors: "Yann LeCun, Léon Bottou, Genevieve B. Orr, Klaus-Robert Müller",
        year: 1998,
        venue: "Neural Networks: Tricks of the Trade, LNCS 1524",
        url: "https://doi.org/10.1007/3-540-49430-8_2",
        contribution: "Practical advice for training by back-propagation, including weights of variance 1/fan-in (LeCun initialization).",
    },
    Reference {
        id: "gers2000",
        title: "Learning to Forget: Continual Prediction with LSTM",
        authors: "Felix A. Gers, Jürgen Schmidhuber, Fred Cummins",
        year: 2000,
        venue: "Neural Computation 12(10)",
        url: "https://doi.org/10.1162/089976600300015015",
        contribution: "Adds the forget gate to the LSTM, so a cell can reset what it holds.",
    },
    Reference {
        id: "glorot2010",
        title: "Understanding the difficulty of training deep feedforward neural networks",
        authors: "Xavier Glorot, Yoshua Bengio",
        year: 2010,
        venue: "AISTATS 2010, PMLR 9",
        url: "https://proceedings.mlr.press/v9/glorot10a.html",
        contribution: "Tracks activations and gradients layer by layer in sigmoid and tanh \
                       networks and derives the Xavier initialization from variance balance.",
    },
    Reference {
        id: "pascanu2013",
        title: "On the difficulty of training recurrent neural networks",
        authors: "Razvan Pascanu, Tomas Mikolov, Yoshua Bengio",
        year: 2013,
        venue: "ICML 2013",
        url: "https://arxiv.org/abs/1211.5063",
        contribution: "Explains vanishing and exploding gradients through repeated Jacobian \
                       products and proposes clipping the gradient norm.",
    },
    Reference {
        id: "saxe2014",
        title: "Exact solutions to the nonlinear dynamics of learning in deep linear neural \
                networks",
        authors: "Andrew M. Saxe, James L. McClelland, Surya Ganguli",
        year: 2014,
        venue: "ICLR 2014",
        url: "https://arxiv.org/abs/1312.6120",
        contribution: "Solves learning in deep linear networks exactly and shows that orthogonal \
                       initialization makes training time independent of depth.",
    },
    Reference {
        id: "cho2014",
        title: "Learning Phrase Representations using RNN Encoder-Decoder for Statistical \
                Machine Translation",
        authors: "Kyunghyun Cho, Bart van Merriënboer, Caglar Gulcehre, Dzmitry Bahdanau, \
                  Fethi Bougares, Holger Schwenk, Yoshua Bengio",
        year: 2014,
        venue: "EMNLP 2014",
        url: "https://arxiv.org/abs/1406.1078",
        contribution: "Introduces the gated recurrent unit (GRU), whose update gate mixes the \
                       old hidden state into the new one additively.",
    },
    Reference {
        id: "he2015",
        title: "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet \
                Classification",
        authors: "Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun",
        year: 2015,
        venue: "ICCV 2015",
        url: "https://arxiv.org/abs/1502.01852",
        contribution: "Introduces the 2/fan-in initialization for rectifier networks (He or \
                       Kaiming init) and the PReLU activation.",
    },
    Reference {
        id: "jozefowicz2015",
        title: "An Empirical Exploration of Recurrent Network Architectures",
        authors: "Rafal Jozefowicz, Wojciech Zaremba, Ilya Sutskever",
        year: 2015,
        venue: "ICML 2015, PMLR 37",
        url: "https://proceedings.mlr.press/v37/jozefowicz15.html",
        contribution: "Searches over recurrent architectures and recommends a forget-gate bias \
                       of 1 for the LSTM.",
    },
    Reference {
        id: "le2015",
        title: "A Simple Way to Initialize Recurrent Networks of Rectified Linear Units",
        authors: "Quoc V. Le, Navdeep Jaitly, Geoffrey E. Hinton",
        year: 2015,
        venue: "arXiv:1504.00941",
        url: "https://arxiv.org/abs/1504.00941",
        contribution: "The IRNN: ReLU units with the identity as recurrent matrix.",
    },
    Reference {
        id: "ioffe2015",
        title: "Batch Normalization: Accelerating Deep Network Training by Reducing Internal \
                Covariate Shift",
        authors: "Sergey Ioffe, Christian Szegedy",
        year: 2015,
        venue: "ICML 2015",
        url: "https://arxiv.org/abs/1502.03167",
        contribution: "Normalizes pre-activations over each mini-batch, which makes training \
                       far less sensitive to the initial weight scale.",
    },
    Reference {
        id: "kingma2015adam",
        title: "Adam: A Method for Stochastic Optimization",
        authors: "Diederik P. Kingma, Jimmy Ba",
        year: 2015,
        venue: "ICLR 2015",
        url: "https://arxiv.org/abs/1412.6980",
        contribution: "Scales each parameter's step by a running estimate of its own gradient's \
                       size, so a layer with tiny gradients can still take full-sized steps.",
    },
    Reference {
        id: "he2016resnet",
        title: "Deep Residual Learning for Image Recognition",
        authors: "Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun",
        year: 2016,
        venue: "CVPR 2016",
        url: "https://arxiv.org/abs/1512.03385",
        contribution: "Introduces residual connections, which made networks of more than a hundred layers trainable.",
    },
    Reference {
        id: "he2016",
        title: "Identity Mappings in Deep Residual Networks",
        authors: "Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun",
        year: 2016,
        venue: "ECCV 2016",
        url: "https://arxiv.org/abs/1603.05027",
        contribution: "Shows that clean identity skip paths let signals and gradients pass \
                       directly between any two blocks, training networks of 1000 layers.",
    },
    Reference {
        id: "poole2016",
        title: "Exponential expressivity in deep neural networks through transient chaos",
        authors: "Ben Poole, Subhaneil Lahiri, Maithra Raghu, Jascha Sohl-Dickstein, Surya \
                  Ganguli",
        year: 2016,
        venue: "NeurIPS 2016",
        url: "https://arxiv.org/abs/1606.05340",
        contribution: "Develops the mean-field theory of signal propagation in wide random \
                       networks, with its ordered and chaotic phases.",
    },
    Reference {
        id: "schoenholz2017",
        title: "Deep Information Propagation",
        authors: "Samuel S. Schoenholz, Justin Gilmer, Surya Ganguli, Jascha Sohl-Dickstein",
        year: 2017,
        venue: "ICLR 2017",
        url: "https://arxiv.org/abs/1611.01232",
        contribution: "Links trainable depth to the distance from the edge of chaos and gives \
                       the back-propagation factor χ used in this explorer's theory overlay.",
    },
    Reference {
        id: "klambauer2017",
        title: "Self-Normalizing Neural Networks",
        authors: "Günter Klambauer, Thomas Unterthiner, Andreas Mayr, Sepp Hochreiter",
        year: 2017,
        venue: "NeurIPS 2017",
        url: "https://arxiv.org/abs/1706.02515",
        contribution: "Introduces SELU, whose constants make mean 0 and variance 1 an attracting \
                       fixed point under LeCun initialization.",
    },
    Reference {
        id: "pennington2017",
        title: "Resurrecting the sigmoid in deep learning through dynamical isometry: theory \
                and practice",
        authors: "Jeffrey Pennington, Samuel S. Schoenholz, Surya Ganguli",
        year: 2017,
        venue: "NeurIPS 2017",
        url: "https://arxiv.org/abs/1711.04735",
        contribution: "Uses random-matrix theory to show that orthogonal weights can give \
                       sigmoid-like networks well-conditioned Jacobians, which ReLU networks \
                       cannot reach.",
    },
    Reference {
        id: "vaswani2017",
        title: "Attention Is All You Need",
        authors: "Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, \
                  Aidan N. Gomez, Łukasz Kaiser, Illia Polosukhin",
        year: 2017,
        venue: "NeurIPS 2017",
        url: "https://arxiv.org/abs/1706.03762",
        contribution: "Introduces the transformer: attention and MLP sublayers on a residual stream, a layer norm after each sum (Post-LN), and a learning-rate warm-up.",
    },
    Reference {
        id: "hanin2018",
        title: "Which Neural Net Architectures Give Rise to Exploding and Vanishing Gradients?",
        authors: "Boris Hanin",
        year: 2018,
        venue: "NeurIPS 2018",
        url: "https://arxiv.org/abs/1801.03744",
        contribution: "Proves that in ReLU networks the spread of gradient sizes grows with the \
                       sum of reciprocal layer widths, so narrow deep nets fluctuate wildly.",
    },
    Reference {
        id: "philipp2018",
        title: "The exploding gradient problem demystified: definition, prevalence, impact, origin, tradeoffs, and solutions",
        authors: "George Philipp, Dawn Song, Jaime G. Carbonell",
        year: 2018,
        venue: "arXiv:1712.05577",
        url: "https://arxiv.org/abs/1712.05577",
        contribution: "Shows that gradients explode in plain deep networks even when the forward pass is normalized, SELU and batch norm included.",
    },
    Reference {
        id: "micikevicius2018",
        title: "Mixed Precision Training",
        authors: "Paulius Micikevicius, Sharan Narang, Jonah Alben, Gregory Diamos, Erich Elsen, \
                  David Garcia, Boris Ginsburg, Michael Houston, Oleksii Kuchaiev, Ganesh \
                  Venkatesh, Hao Wu",
        year: 2018,
        venue: "ICLR 2018",
        url: "https://arxiv.org/abs/1710.03740",
        contribution: "Trains networks in float16 with a float32 master copy of the weights, float32 accumulation and a loss scale that lifts small gradients out of float16's underflow.",
    },
    Reference {
        id: "hayou2019",
        title: "On the Impact of the Activation Function on Deep Neural Networks Training",
        authors: "Soufiane Hayou, Arnaud Doucet, Judith Rousseau",
        year: 2019,
        venue: "ICML 2019, PMLR 97",
        url: "https://proceedings.mlr.press/v97/hayou19a.html",
        contribution: "Maps the edge of chaos for smooth activations such as ELU and Swish: each activation has its own critical initialization.",
    },
    Reference {
        id: "yang2019",
        title: "A Mean Field Theory of Batch Normalization",
        authors: "Greg Yang, Jeffrey Pennington, Vinay Rao, Jascha Sohl-Dickstein, Samuel S. Schoenholz",
        year: 2019,
        venue: "ICLR 2019",
        url: "https://arxiv.org/abs/1902.08129",
        contribution: "Proves that batch normalization in a plain deep network makes gradients explode at initialization.",
    },
    Reference {
        id: "kalamkar2019",
        title: "A Study of BFLOAT16 for Deep Learning Training",
        authors: "Dhiraj Kalamkar, Dheevatsa Mudigere, Naveen Mellempudi, Dipankar Das, Kunal \
                  Banerjee, Sasikanth Avancha, Dharma Teja Vooturi, Nataraj Jammalamadaka, \
                  Jianyu Huang, Hector Yuen, Jiyan Yang, Jongsoo Park, Alexander Heinecke, \
                  Evangelos Georganas, Sudarshan Srinivasan, Abhisek Kundu, Misha Smelyanskiy, \
                  Bharat Kaul, Pradeep Dubey",
        year: 2019,
        venue: "arXiv:1905.12322",
        url: "https://arxiv.org/abs/1905.12322",
        contribution: "Shows that bfloat16, with float32's exponent range, trains image, speech, language, generative and recommendation models to float32's results in the same number of iterations, without changing hyperparameters.",
    },
    Reference {
        id: "radford2019",
        title: "Language Models are Unsupervised Multitask Learners",
        authors: "Alec Radford, Jeffrey Wu, Rewon Child, David Luan, Dario Amodei, Ilya Sutskever",
        year: 2019,
        venue: "OpenAI technical report",
        url: "https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf",
        contribution: "GPT-2: a Pre-LN transformer whose residual layers start scaled by 1/√N, N the number of residual layers, for the accumulation on the residual path with depth.",
    },
    Reference {
        id: "zhang2019",
        title: "Root Mean Square Layer Normalization",
        authors: "Biao Zhang, Rico Sennrich",
        year: 2019,
        venue: "NeurIPS 2019",
        url: "https://arxiv.org/abs/1910.07467",
        contribution: "RMSNorm: the layer norm's rescaling without its re-centring, at less computation.",
    },
    Reference {
        id: "xiong2020",
        title: "On Layer Normalization in the Transformer Architecture",
        authors: "Ruibin Xiong, Yunchang Yang, Di He, Kai Zheng, Shuxin Zheng, Chen Xing, \
                  Huishuai Zhang, Yanyan Lan, Liwei Wang, Tie-Yan Liu",
        year: 2020,
        venue: "ICML 2020, PMLR 119",
        url: "https://arxiv.org/abs/2002.04745",
        contribution: "Compares Post-LN and Pre-LN at initialisation, relates Post-LN's need for a warm-up to its large gradients near the output, and trains Pre-LN transformers without one.",
    },
    Reference {
        id: "liu2020",
        title: "On the Variance of the Adaptive Learning Rate and Beyond",
        authors: "Liyuan Liu, Haoming Jiang, Pengcheng He, Weizhu Chen, Xiaodong Liu, Jianfeng \
                  Gao, Jiawei Han",
        year: 2020,
        venue: "ICLR 2020",
        url: "https://arxiv.org/abs/1908.03265",
        contribution: "Traces the need for a warm-up to the large variance of Adam's adaptive learning rate in the first steps, and corrects it (RAdam).",
    },
    Reference {
        id: "bachlechner2020",
        title: "ReZero is All You Need: Fast Convergence at Large Depth",
        authors: "Thomas Bachlechner, Bodhisattwa Prasad Majumder, Huanru Henry Mao, Garrison W. \
                  Cottrell, Julian McAuley",
        year: 2020,
        venue: "arXiv:2003.04887 (UAI 2021)",
        url: "https://arxiv.org/abs/2003.04887",
        contribution: "ReZero: no norm, each sublayer's output multiplied by a trainable gate that starts at 0, so every block starts as the identity.",
    },
    Reference {
        id: "wang2022",
        title: "DeepNet: Scaling Transformers to 1,000 Layers",
        authors: "Hongyu Wang, Shuming Ma, Li Dong, Shaohan Huang, Dongdong Zhang, Furu Wei",
        year: 2022,
        venue: "arXiv:2203.00555",
        url: "https://arxiv.org/abs/2203.00555",
        contribution: "DeepNorm: Post-LN with the skip path weighted by α and some weights started scaled by β, chosen so that an update's effect on the output stays bounded at any depth.",
    },
];
