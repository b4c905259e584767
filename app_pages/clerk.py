"""县区填报 (the county clerk's phone page): being built."""

import streamlit as st

st.info("县区填报页面建设中。")
