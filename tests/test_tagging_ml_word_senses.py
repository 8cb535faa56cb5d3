"""Machine-learning papers use some topic words in another sense of their own: a router
that picks among whole models, a detector's power of discrimination, a loss spike. Those
must not file the paper under the topic, while the topic's own uses still do. Excerpts of
real arXiv abstracts (ids in comments), shortened."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tagging import assign_tags, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


OTHER_SENSES = [
    # 2608.20316: a router that picks among whole models for each query.
    ("Pandora's AI Model Routing Box: Efficient Allocation with Costly Value Estimation",
     "Routing each query to the best large language model requires estimating every candidate's value. We call the "
     "centralized policy Pandora's Router. Experiments show that Pandora's Router matches the routing quality of "
     "exhaustive estimation.", "Mixture of Experts"),
    # 2608.20256: a router among reasoning modes of one LLM.
    ("Learning When to Think: Adaptive Reasoning for Test-Time Compute Allocation",
     "Large language models can reason briefly or at length. The choice is learned inside Group Relative Policy "
     "Optimization with no separate router. The brief modes end up "
     "more accurate, which shows that the router sorts problems by difficulty rather than at random.",
     "Mixture of Experts"),
    # 2510.15390: system identification's Gaussian-process state-space models.
    ("Recursive Inference for Heterogeneous Multi-Output GP State-Space Models with Arbitrary Moment Matching",
     "Machine learning of nonlinear dynamical systems is hard. To enable online learning for these systems, this "
     "paper formulates the system as Gaussian process state-space models (GPSSMs) and develops a recursive learning "
     "method.", "State Space Models"),
    # 2607.21005: a training loss that jumps.
    ("Weight-norm Criticality: A Mechanism for Loss Spikes Induced by the Normalization and Weight Decay",
     "The effective learning rate increases rapidly, destabilizing the optimization dynamics of deep neural networks "
     "and resulting in abrupt loss spikes. Our work provides a new mechanistic understanding of loss spikes.",
     "Neuroscience-Inspired Learning"),
    # 2607.21446: an invertible linear transform of activations.
    ("KroQuant: Kronecker-Structured Block Transforms for Efficient Post-Training Quantization of Diffusion "
     "Transformers",
     "The standard fix applies an invertible linear transform to the activations and its inverse to the weights. "
     "Learned full-d invertible transforms calibrate best but entail a prohibitive dense cost.",
     "Normalizing Flows & Invertible Networks"),
    # 2512.00252: data assimilation's ensemble Kalman filter.
    ("DAISI: Data Assimilation with Inverse Sampling using Stochastic Interpolants",
     "Classical DA methods, such as the ensemble Kalman filter, rely on Gaussian approximations. We introduce DAISI, "
     "a filtering algorithm built on flow-based generative models; this step maps the forecast ensemble into a "
     "latent space.", "Ensemble Methods"),
    # 2608.07429: an agent's active memories.
    ("TEPA: Revoking Stale Memories for Conflict-Robust Language Agents",
     "We characterize this failure mode of large language model agents as memory pollution: degradation caused by "
     "active memories that newer evidence has superseded. Revocation prevents stale active memory from remaining in "
     "the retrieval set.", "Efficient Training"),
    # 2608.11343: finding images for captions.
    ("Can Frontier LLMs Match Natively Multimodal Embeddings? A Comparison on Hard-Negative Text-to-Image Retrieval",
     "Our study compares native multimodal embeddings against LLM-based visual ranking on Flickr30k.",
     "Image Generation"),
    # 2608.06486: tabular features embedded as tokens.
    ("Beyond Attention: Signed Integrated Gradients Attribution in a BiomeGPT-Style Microbiome Transformer",
     "In a feature-tokenized deep learning model such as BiomeGPT, each input token fuses a species and an "
     "abundance. We propose a baseline for feature-tokenized models such as BiomeGPT.", "Natural Language Processing"),
    # 2608.17440: a city's street network.
    ("General Semantic Knowledge Infusion for Spatio-Temporal Traffic Forecasting",
     "Graph neural networks have advanced traffic forecasting. Existing approaches show that external knowledge "
     "provides information that street network data alone cannot convey.", "Network Security / Traffic"),
    # 2608.13046: agents that people steer.
    ("BoardroomAI: Dependency-Aware Human-Steerable Multi-Agent Deliberation through Evolving Decision Graphs",
     "Large language model agents deliberate over a decision graph.", "Equivariance / Symmetry"),
    # 2608.11815: a saddle-point problem solved to craft attacks.
    ("Learning with Bilevel-Minimax Optimization for Efficient and Reliable Transfer Attacks",
     "Transfer-based adversarial attacks craft adversarial examples using surrogate models. We formulate the problem "
     "as a bilevel-minimax optimization and solve the minimax problem efficiently.", "Learning Theory"),
    # 2608.16925: telling two kinds of error apart.
    ("Detecting and Discriminating Operator Misspecification in Hybrid PDE-Parameter Learning: a Reference-Free "
     "Instrument, with Discrimination Bounded In Sample",
     "We propose a reference-free instrument for physics-informed neural networks whose discrimination of operator "
     "error from parameter error is bounded in sample.", "Fairness"),
    # 2608.06511: a detector's power to tell corrupted samples apart.
    ("Unmasking Removal-Budget Confounding: A Matched Operating-Point Evaluation Framework for Adaptive Data Cleaning",
     "Gains in machine learning data cleaning may reflect a smaller removal budget rather than superior corruption "
     "discrimination. This creates a bias known as removal-budget confounding; gains must reflect genuine corruption "
     "discrimination.", "Fairness"),
    # 1608.00060: an estimator's regularization bias removed.
    ("Double/Debiased Machine Learning for Treatment and Causal Parameters",
     "Most modern supervised statistical/machine learning (ML) methods are explicitly designed to solve prediction "
     "problems very well. Estimates of causal parameters obtained via naively plugging ML estimators into estimating "
     "equations can behave very poorly due to the regularization bias. The score is then used to build a de-biased "
     "estimator of the target parameter.", "Fairness"),
    # 2608.12564: the bias of a world model's rewards offset.
    ("Scaling Automatic Research Agents via World Models",
     "Automatic research agents learn from execution outcomes, as modern LLMs show the capability to implement "
     "solutions. We propose World Model RL (WMRL), which replaces environment execution with a world model. It can "
     "be imperfect, as its rewards are corrupted by bias and noise. Therefore, we further equip WMRL with two "
     "mitigations, Online Debiasing and Inverse-Variance Denoising, which offset the bias and suppress the noise "
     "respectively.", "Fairness"),
    # 2608.17284: an asymptotic bias corrected by importance sampling.
    ("Rethinking Irregular Time Series Forecasting from the Perspective of Basis Functions",
     "This modeling paradigm suffers from a potential non-vanishing asymptotic bias. We propose a Debiased Neural "
     "Basis-Function Network (DNBNet). Its core is a debiased neural basis-function response mechanism, which "
     "corrects asymptotic bias through importance sampling while parameterizing basis functions with neural "
     "networks.", "Fairness"),
    # 2608.06926: ensembles of a team's behaviours.
    ("TRIBE: Predicting Team Performance via Communication Behavior Ensembles",
     "Designing autonomous agents that effectively assist human teams hinges on understanding team dynamics. AI "
     "agents significantly alter team behavioral trajectories.", "Ensemble Methods"),
    # 2511.00685: simulated replicas of a real system.
    ("SOCRATES: Simulation Optimization with Correlated Replicas and Adaptive Trajectory Evaluations",
     "This work leverages large language models (LLMs). The first stage constructs an ensemble of digital replicas "
     "of the real system. In the second stage, this replica ensemble is used as an inexpensive testbed to evaluate "
     "a set of baseline SO algorithms.", "Ensemble Methods"),
    # 2607.21561: a molecule's conformations.
    ("Graph Learning on Ensembles of Cyclic Peptides: An Investigation of Molecular Ensemble Modeling",
     "Many molecules exist as conformational ensembles in solution. We introduce EnsembleEGNN, a molecular ensemble "
     "foundation model that encodes an ensemble by first encoding each conformer with shared Equivariant Graph "
     "Neural Network layers.", "Ensemble Methods"),
]


@pytest.mark.parametrize(("title", "abstract", "wrong"), OTHER_SENSES)
def test_a_topic_word_in_another_sense_is_no_tag(taxonomy, title, abstract, wrong):
    assert wrong not in assign_tags(title, abstract, taxonomy)


OWN_SENSES = [
    ("Sparse Mixture-of-Experts Language Models", "Each token is sent by a learned router to two of 64 experts.",
     "Mixture of Experts"),
    ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
     "We propose a selective state space model for deep learning on long sequences.", "State Space Models"),
    ("Deep Spiking Neural Networks for Event Cameras", "Spiking neural networks process events on neuromorphic chips.",
     "Neuroscience-Inspired Learning"),
    ("Improving Set Function Approximation with Quasi-Arithmetic Neural Networks",  # 2602.04941
     "A trainable framework for a generalized mean through an invertible neural function; thanks to their "
     "invertible neural components, QUANNs learn more structured latent representations.",
     "Normalizing Flows & Invertible Networks"),
    ("Deep Ensembles for Uncertainty in Regression", "An ensemble of five neural networks trained from random seeds.",
     "Ensemble Methods"),
    ("Steerable CNNs for Rotation-Equivariant Image Analysis",
     "Steerable convolution kernels for deep learning, built from circular harmonics.",
     "Equivariance / Symmetry"),
    ("Minimax Rates for Learning Lipschitz Functions", "We prove minimax optimal rates for nonparametric regression "
     "with deep neural networks.", "Learning Theory"),
    ("Caste in the News: A Computational Analysis of Indian Newspapers",  # a computational social science library
     "Although caste identity is a major social discrimination, we propose a positive discrimination policy in the "
     "newsroom, drawing on natural language processing of news.", "Fairness"),
    ("Measuring Gender Discrimination in Hiring Models", "Machine learning screening tools show discrimination against "
     "women.", "Fairness"),
    ("Man is to Computer Programmer as Woman is to Homemaker? Debiasing Word Embeddings",  # 1607.06520
     "The blind application of machine learning runs the risk of amplifying biases present in data. We develop "
     "algorithms to debias the embedding and significantly reduce gender bias.", "Fairness"),
    ("Bagging and Boosting Ensembles of Decision Trees", "An ensemble of neural networks or trees predicts the "
     "canonical ensemble's energies better than one model.", "Ensemble Methods"),
]


@pytest.mark.parametrize(("title", "abstract", "right"), OWN_SENSES)
def test_the_topics_own_sense_still_tags(taxonomy, title, abstract, right):
    assert right in assign_tags(title, abstract, taxonomy)


# Papers plainly on a topic that named it only in words that were weak evidence.
PLAIN_TOPICS = [
    # 2608.17103
    ("From Abductive Explanations to Global Logical Rules for Node Classification in SGCs",
     "Graph neural networks achieve remarkable performance in node classification, motivating methods capable of "
     "explaining their predictions.", "Interpretability"),
    # 2510.03281
    ("Mathematically rigorous proofs for Shapley explanations",
     "It is very important to provide understanding of the decision-making process of machine-learning models.",
     "Interpretability"),
    # 2608.11705
    ("Making Your LLMs More Objective: Stabilizing LLM Safety Behavior Across Traits with Trait-Invariant Safety "
     "Tuning",
     "Aligned large language models should refuse unsafe requests and comply with safe ones.", "AI Safety & Alignment"),
]


@pytest.mark.parametrize(("title", "abstract", "right"), PLAIN_TOPICS)
def test_a_paper_plainly_on_a_topic_gets_it(taxonomy, title, abstract, right):
    assert right in assign_tags(title, abstract, taxonomy)
