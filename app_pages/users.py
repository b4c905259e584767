"""用户管理: being built."""

import streamlit as st

st.info("用户管理页面建设中。")
